using HyperSearch.Client.Models;
using HyperSearch.Core;
using HyperSearch.Search;
using SearchSpace = HyperSearch.Search.SearchSpace;

namespace HyperSearch.Api.Tests;

/// <summary>
/// POST /api/searches/{id}/stages and "warmStart" end to end with workers, on SQLite and PostgreSQL: an added
/// stage runs and the search completes again with the new best and test accuracy; TPE in an added stage and in
/// a warm-started search learns from the earlier trials; concurrent extensions get distinct stage numbers; a
/// warm start moves the refined ranges of a random search.
/// </summary>
public abstract class ExtendSearchTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private const string Space = """
        { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": { "values": [[16], [32]] }, "batchSize": 64 }
        """;

    private static string Spec(int trials, int epochs, string extra = "") => $$"""
        { "name": "extend", "seed": 5, "dataset": { "name": "spiral" }, "strategy": "random", "sanityChecks": false,
          "trials": {{trials}}, "epochs": {{epochs}}, "space": {{Space}} {{extra}} }
        """;

    [Fact]
    public async Task ExtendingACompletedSearch_AddsExactlyOneStage_AndCompletesItAgain()
    {
        var id = await Client.CreateSearchAsync(Spec(4, 2));
        var first = await Client.WaitForSearchAsync(id, Timeout);
        Assert.Equal(SearchStatus.Completed, first.Status);
        var firstCompletedAt = first.CompletedAt!.Value;

        var headers = ClientApi.InspectResponseHeaders();
        var body = await Client.Client.Api.Searches[id].Stages.PostAsync(new StageExtensionDocument { Trials = 3, Epochs = 4 }, c => c.Options.Add(headers));

        Assert.Equal([$"/api/searches/{id}"], headers.ResponseHeaders["Location"]);
        Assert.Equal(SearchStatus.Running, body!.Status);
        Assert.Equal(2, body.StageCount);
        Assert.Null(body.TestAccuracy);
        var search = await Client.WaitForSearchAsync(id, Timeout);
        Assert.Equal(SearchStatus.Completed, search.Status);
        var stages = search.Stages!;
        Assert.Equal([1, 2], stages.Select(s => s.Stage!.Value));
        Assert.Equal(3, stages[1].Trials);
        Assert.Equal(4, stages[1].Epochs);
        Assert.True(stages[1].Added);
        Assert.Equal(StageResponse_strategy.Random, stages[1].Strategy);
        Assert.False(stages[0].Added);
        // Refined from stage 1's best trials: the learning-rate range is inside the first one and narrower.
        var lr = stages[1].Space!.LearningRate!.NumericRange!;
        Assert.True(lr.Min >= 1e-3 && lr.Max <= 1, $"[{lr.Min}, {lr.Max}]");
        var trials = await Client.TrialsAsync(id);
        Assert.Equal(7, trials.Count);
        Assert.Equal(3, trials.Count(t => t.Stage == 2 && t.Epochs == 4));
        Assert.All(trials, t => Assert.Contains(t.Status!.Value, new[] { TrialStatus.Completed, TrialStatus.Diverged }));
        Assert.Equal(7, search.Progress!.Total);
        Assert.True(search.CompletedAt >= firstCompletedAt);
        var best = trials.Where(t => t.ValidationAccuracy is not null).Max(t => t.ValidationAccuracy!.Value);
        Assert.Equal(best, search.BestTrial!.ValidationAccuracy);
        Assert.NotNull(search.TestAccuracy);
        Assert.Single(search.Spec!.Extensions!);
    }

    [Fact]
    public async Task AnAddedTpeStage_ProposesFromEveryEarlierTrial_NotTheStartupDraws()
    {
        var id = await Client.CreateSearchAsync(Spec(12, 2));
        await Client.WaitForSearchAsync(id, Timeout);
        const string space = """{ "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": [16], "batchSize": 64 }""";

        await Client.Connection.AddStageAsync(id, $$"""{ "strategy": "tpe", "trials": 4, "epochs": 2, "space": {{space}} }""");

        var search = await Client.WaitForSearchAsync(id, Timeout);
        Assert.Equal(SearchStatus.Completed, search.Status);
        Assert.Equal(StageResponse_strategy.Tpe, search.Stages![1].Strategy);
        var stored = search.Stages[1].Space!.LearningRate!.NumericRange!;
        Assert.Equal((1e-3, 1.0, NumericRange_scale.Log), (stored.Min!.Value, stored.Max!.Value, stored.Scale!.Value));
        var added = (await Client.TrialsAsync(id, q => q.Stage = 2)).OrderBy(t => t.Index).ToList();
        Assert.Equal(4, added.Count);
        // With no history TPE's first StartupTrials (10) trials are the random sampler's draws for the stage's
        // seed; stage 1's 12 finished trials are history, so every added trial is the model's proposal.
        var startup = new RandomSampler(Seeds.ForStage(5, 2)).Sample(SearchSpace.Parse(space), 4);
        for (var i = 0; i < added.Count; i++)
        {
            Assert.NotEqual(startup[i].Get(Parameters.LearningRate), added[i].Hyperparameters!.LearningRate!.Value);
        }
    }

    [Fact]
    public async Task ConcurrentExtensions_AddTwoStagesWithDistinctNumbers()
    {
        var id = await Client.CreateSearchAsync(Spec(3, 1));
        await Client.WaitForSearchAsync(id, Timeout);

        var answers = await Task.WhenAll(
            Client.Client.Api.Searches[id].Stages.PostAsync(new StageExtensionDocument { Trials = 2, Epochs = 1 }),
            Client.Client.Api.Searches[id].Stages.PostAsync(new StageExtensionDocument { Trials = 3, Epochs = 1 }));

        Assert.All(answers, Assert.NotNull);
        var search = await Eventually.WaitAsync(
            () => Client.SearchAsync(id),
            s => s.Status == SearchStatus.Completed && s.Stages!.Count == 3,
            Timeout,
            "both added stages to run");
        Assert.Equal(3, search.StageCount);
        var stages = search.Stages!;
        Assert.Equal([1, 2, 3], stages.Select(s => s.Stage!.Value));
        Assert.Equal([2, 3], stages.Skip(1).Select(s => s.Trials!.Value).Order());
        var trials = await Client.TrialsAsync(id);
        Assert.Equal(8, trials.Count);
        Assert.Equal(8, trials.Select(t => (t.Stage, t.Index)).Distinct().Count());
        Assert.DoesNotContain(trials, t => t.Status is TrialStatus.Queued or TrialStatus.Running);
    }

    [Fact]
    public async Task ExtendingARunningSearch_AppendsAfterItsRefinedStages()
    {
        var id = await Client.CreateSearchAsync(Spec(4, 3, """, "refine": { "stages": 2, "trials": 3, "epochs": 3 }"""));

        var body = await Client.Client.Api.Searches[id].Stages.PostAsync(new StageExtensionDocument { Trials = 2, Epochs = 2 });

        Assert.Equal(3, body!.StageCount);
        var search = await Eventually.WaitAsync(
            () => Client.SearchAsync(id),
            s => s.Status is SearchStatus.Completed or SearchStatus.Failed && s.Stages!.Count >= 2,
            Timeout,
            "the search to complete");
        Assert.Equal(SearchStatus.Completed, search.Status);
        var stages = search.Stages!;
        Assert.Equal([false, false, true], stages.Select(s => s.Added!.Value));
        Assert.Equal([4, 3, 2], stages.Select(s => s.Trials!.Value));
        Assert.Equal(9, (await Client.TrialsAsync(id)).Count);
    }

    [Fact]
    public async Task CancelledSearch_Is409()
    {
        var id = await Client.CreateSearchAsync(Spec(3, 50));
        Assert.Equal(SearchStatus.Cancelled, (await Client.Client.Api.Searches[id].Cancel.PostAsync())!.Status);

        var conflict = await Assert.ThrowsAsync<ProblemDetails>(
            () => Client.Client.Api.Searches[id].Stages.PostAsync(new StageExtensionDocument { Trials = 2 }));

        Assert.Equal(409, conflict.ResponseStatusCode);
        Assert.Equal(409, conflict.Status);
        var search = await Client.SearchAsync(id);
        Assert.Equal(SearchStatus.Cancelled, search.Status);
        Assert.Equal(1, search.StageCount);
    }

    [Fact]
    public async Task WarmStartedTpe_UsesTheEarlierTrialsAsHistory_FromTheFirstTrial()
    {
        var earlier = await Client.CreateSearchAsync(Spec(10, 2));
        await Client.WaitForSearchAsync(earlier, Timeout);
        var tpe = $$"""
            { "name": "warm", "seed": 8, "dataset": "spiral", "strategy": "tpe", "sanityChecks": true, "trials": 3, "epochs": 2,
              "tpe": { "startupTrials": 5 }, "space": {{Space}}, "warmStart": { "searchId": "{{earlier}}" } }
            """;

        var id = await Client.CreateSearchAsync(tpe);

        var search = await Client.WaitForSearchAsync(id, Timeout);
        Assert.Equal(SearchStatus.Completed, search.Status);
        Assert.NotNull(search.SanityChecks);
        var trials = (await Client.TrialsAsync(id)).OrderBy(t => t.Index).ToList();
        var startup = new RandomSampler(Seeds.ForStage(8, 1)).Sample(SearchSpace.Parse(Space), 3);
        for (var i = 0; i < trials.Count; i++)
        {
            Assert.NotEqual(startup[i].Get(Parameters.LearningRate), trials[i].Hyperparameters!.LearningRate!.Value);
        }

        Assert.Equal(earlier, search.Spec!.WarmStart!.SearchId);
    }

    [Fact]
    public async Task WarmStart_ShapesTheRefinedRangesOfARandomSearch()
    {
        // The earlier search tried only the middle of the range, where spiral learns well: a warm start's refined
        // stage differs from the same search's without it.
        var earlier = await Client.CreateSearchAsync("""
            { "seed": 3, "dataset": "spiral", "trials": 6, "epochs": 2, "sanityChecks": false,
              "space": { "learningRate": { "min": 0.03, "max": 0.3, "scale": "log" }, "hiddenLayers": [32], "batchSize": 64 } }
            """);
        await Client.WaitForSearchAsync(earlier, Timeout);
        string Refined(string extra) => $$"""
            { "seed": 4, "dataset": "spiral", "trials": 3, "epochs": 2, "sanityChecks": false,
              "space": { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": [32], "batchSize": 64 },
              "refine": { "stages": 2, "topK": 3, "trials": 2, "epochs": 2 } {{extra}} }
            """;

        var cold = await Client.WaitForSearchAsync(await Client.CreateSearchAsync(Refined("")), Timeout);
        var warm = await Client.WaitForSearchAsync(await Client.CreateSearchAsync(Refined($$""", "warmStart": { "searchId": "{{earlier}}" }""")), Timeout);

        Assert.Equal(SearchStatus.Completed, warm.Status);
        // learningRate is the space's only varied parameter: stage 1 is the same, the refined stage 2 is not.
        static (double?, double?, NumericRange_scale?) Range(StageResponse stage) =>
            stage.Space!.LearningRate!.NumericRange is { } r ? (r.Min, r.Max, r.Scale) : throw new InvalidOperationException($"stage {stage.Stage} has no learningRate range");
        Assert.Equal(Range(cold.Stages![0]), Range(warm.Stages![0]));
        Assert.NotEqual(Range(cold.Stages[1]), Range(warm.Stages[1]));
    }
}

public sealed class SqliteExtendSearchTests : ExtendSearchTests;

public sealed class PostgresExtendSearchTests : ExtendSearchTests
{
    protected override bool UsePostgres => true;
}
