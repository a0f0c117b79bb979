using HyperSearch.Search;
using HyperSearch.Search.Tpe;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;
using HyperSearch.Core;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Turns a spec (or a refined space) into a stage's trial rows: the sampler draws the whole stage at
/// once, seeded by the search seed and the stage, so a plan is reproducible and stored before any job runs.
/// </summary>
public sealed partial class SearchPlanner(TimeProvider time)
{
    public static SearchLimits Limits { get; } = SearchLimits.Default;

    /// <summary>
    /// Parses and validates the spec's space (errors keyed "space.…"); <c>"learningRate": "auto"</c> is the
    /// range test's placeholder range until Start replaces it (<see cref="AutoLearningRate"/>).
    /// </summary>
    public static SearchSpace ParseSpace(SearchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return SearchSpace.Parse(AutoLearningRate.IsRequested(spec.Space) ? AutoLearningRate.WithPlaceholder(spec.Space) : spec.Space, "space");
    }

    /// <summary>
    /// Trials of one stage: grid stages enumerate the whole grid, others draw <paramref name="count"/> points.
    /// Each may train <paramref name="epochs"/>; under ASHA its first leg ends at <paramref name="firstLegEpochs"/> (rung 0).
    /// A TPE stage stores its rows without hyperparameters (<see cref="DapperSearchStore.Unproposed"/>): each is
    /// proposed from the results so far when a worker takes it. Only stage 1's startup trials, random draws with
    /// nothing to learn from yet, are drawn up front (so the sanity checks have an architecture to look at);
    /// <paramref name="history"/> finished trials known before the stage (a warm start's) take their place.
    /// </summary>
    public (StageRecord Stage, IReadOnlyList<TrialRecord> Trials) PlanStage(
        Guid searchId, int searchSeed, string strategy, int stage, SearchSpace space, int count, int? gridPoints, int epochs,
        IReadOnlyDictionary<string, int>? gridPointsPerParameter = null, int? firstLegEpochs = null, TpeOptions? tpe = null, int history = 0,
        string? gridPointsField = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (strategy == Samplers.Tpe)
        {
            var startup = stage == 1 ? Math.Clamp((tpe ?? TpeOptions.Default).StartupTrials - history, 0, count) : 0;
            var drawn = new RandomSampler(Seeds.ForStage(searchSeed, stage)).Sample(space, startup).Select(SearchDocuments.Write).ToList();
            return Rows(searchId, searchSeed, stage, space, epochs, firstLegEpochs,
                Enumerable.Range(0, count).Select(i => i < drawn.Count ? drawn[i] : DapperSearchStore.Unproposed).ToList());
        }

        ISampler sampler = strategy == Samplers.Grid && gridPointsPerParameter is not null
            ? new GridSampler(gridPoints ?? 1, gridPointsPerParameter, Limits.MaxGridSize)
            : Samplers.Create(strategy, Seeds.ForStage(searchSeed, stage), gridPoints ?? 3, Limits);
        if (strategy == Samplers.Grid)
        {
            var size = sampler.Size(space) ?? 0;
            if (size > Limits.MaxGridSize)
            {
                throw new SpecValidationException(new Dictionary<string, string[]>
                {
                    [stage == 1 || gridPointsField is not null ? gridPointsField ?? "gridPoints" : "refine.gridPoints"] = [$"The grid has {size} points; the limit is {Limits.MaxGridSize}. Use fewer gridPoints or fewer categorical values."],
                });
            }

            count = (int)size;
        }

        return Rows(searchId, searchSeed, stage, space, epochs, firstLegEpochs, sampler.Sample(space, count).Select(SearchDocuments.Write).ToList());
    }

    private (StageRecord Stage, IReadOnlyList<TrialRecord> Trials) Rows(
        Guid searchId, int searchSeed, int stage, SearchSpace space, int epochs, int? firstLegEpochs, IReadOnlyList<string> hyperparameters)
    {
        var now = time.GetUtcNow();
        var record = new StageRecord(searchId, stage, space.ToJsonString(), hyperparameters.Count, epochs, now);
        var trials = hyperparameters
            .Select((h, i) => new TrialRecord(
                Guid.NewGuid(), searchId, stage, i, TrialStatus.Queued, h, Seeds.ForTrial(searchSeed, stage, i), epochs, now, TargetEpochs: firstLegEpochs))
            .ToList();
        return (record, trials);
    }
}
