using HyperSearch.Core;
using HyperSearch.Engine;
using HyperSearch.Search;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;
using Microsoft.Extensions.Logging;

namespace HyperSearch.Service.Jobs;

// "learningRate": "auto" (AutoLearningRate): at Start, before the sanity checks and before any trial runs, the
// range test on stage 1's first architecture replaces the placeholder range of stage 1 with its suggestion.
public sealed partial class SearchJobs
{
    /// <summary>
    /// Resolves the search's automatic learning-rate range when it asks for one and stage 1 still has the
    /// placeholder; a no-op otherwise (so a repeated Start does not run the test again). False when the test
    /// could not run: the search is then failed with the reason.
    /// </summary>
    private async Task<bool> ResolveAutoLearningRateAsync(SearchRecord search, Specs.SearchSpec spec, CancellationToken ct)
    {
        if (!AutoLearningRate.IsRequested(spec.Space))
        {
            return true;
        }

        var stage = (await store.GetStagesAsync(search.Id, ct)).FirstOrDefault(s => s.Stage == 1);
        if (stage is null || !AutoLearningRate.IsUnresolved(stage.SpaceJson))
        {
            return true;
        }

        var space = SearchSpace.Parse(stage.SpaceJson, "space");
        var trials = (await store.GetStageTrialsAsync(search.Id, 1, ct)).OrderBy(t => t.Index).ToList();
        // The first planned trial's architecture (a TPE stage with nothing drawn up front: the sampler's first draw).
        var first = trials.FirstOrDefault(t => t.HyperparametersJson != DapperSearchStore.Unproposed);
        var hyperparameters = first is not null
            ? SearchDocuments.ReadHyperparameters(first.HyperparametersJson)
            : new RandomSampler(Seeds.ForStage(search.Seed, 1)).Sample(space, 1)[0];
        var seed = first?.Seed ?? Seeds.ForTrial(search.Seed, 1, 0);
        LearningRateRangeResult result;
        try
        {
            using var held = await datasets.AcquireAsync(spec.Dataset, search.Seed, ct);
            var data = held.Dataset;
            var config = EngineMapping.ToEngine(hyperparameters, data, 1, seed);
            result = await Task.Run(() => engine.FindLearningRate(config.Model, config.Training, data.Train, null, ct), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Search {SearchId}: the learning-rate range test failed", search.Id);
            await store.FailSearchAsync(search.Id, $"The learning-rate range test (\"learningRate\": \"auto\") could not run: {ex.Message}", time.GetUtcNow(), ct);
            return false;
        }

        if (!result.Suggestion.Falling)
        {
            logger.LogWarning("Search {SearchId}: the loss never fell in the learning-rate range test on {Architecture}; stage 1 searches its best guess", search.Id, hyperparameters);
        }

        var range = AutoLearningRate.Range(result.Suggestion);
        var moved = trials
            .Where(t => t.Status == TrialStatus.Queued && t.HyperparametersJson != DapperSearchStore.Unproposed)
            .ToDictionary(t => t.Id, t =>
            {
                var h = SearchDocuments.ReadHyperparameters(t.HyperparametersJson);
                return SearchDocuments.Write(h.With(Parameters.LearningRate, AutoLearningRate.Move(h.Get(Parameters.LearningRate), range)));
            });
        if (await store.ReplanStageAsync(search.Id, 1, AutoLearningRate.IsUnresolved, space.With(Parameters.LearningRate.Name, range).ToJsonString(), moved, ct))
        {
            logger.LogInformation(
                "Search {SearchId}: learning-rate range test on {Architecture}: stage 1 searches learningRate in [{Min:G3}, {Max:G3}] (suggested {Suggested:G3}, steepest {Steepest:G3}, lowest loss at {Minimum:G3}, diverged at {DivergedAt:G3})",
                search.Id, hyperparameters, range.Min, range.Max, result.Suggestion.LearningRate, result.Suggestion.Steepest, result.Suggestion.Minimum, result.Suggestion.DivergedAt);
        }

        return true;
    }
}
