using HyperSearch.Search;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;
using HyperSearch.Core;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Turns a spec (or a refined space) into a stage's trial rows: the sampler draws the whole stage at
/// once, seeded by the search seed and the stage, so a plan is reproducible and stored before any job runs.
/// </summary>
public sealed class SearchPlanner(TimeProvider time)
{
    public static SearchLimits Limits { get; } = SearchLimits.Default;

    /// <summary>Parses and validates the spec's space (errors keyed "space.…").</summary>
    public static SearchSpace ParseSpace(SearchSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return SearchSpace.Parse(spec.Space, "space");
    }

    /// <summary>
    /// Trials of one stage: grid stages enumerate the whole grid, others draw <paramref name="count"/> points.
    /// Each may train <paramref name="epochs"/>; under ASHA its first leg ends at <paramref name="firstLegEpochs"/> (rung 0).
    /// </summary>
    public (StageRecord Stage, IReadOnlyList<TrialRecord> Trials) PlanStage(
        Guid searchId, int searchSeed, string strategy, int stage, SearchSpace space, int count, int? gridPoints, int epochs,
        IReadOnlyDictionary<string, int>? gridPointsPerParameter = null, int? firstLegEpochs = null)
    {
        ArgumentNullException.ThrowIfNull(space);
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
                    [stage == 1 ? "gridPoints" : "refine.gridPoints"] = [$"The grid has {size} points; the limit is {Limits.MaxGridSize}. Use fewer gridPoints or fewer categorical values."],
                });
            }

            count = (int)size;
        }

        var points = sampler.Sample(space, count);
        var now = time.GetUtcNow();
        var record = new StageRecord(searchId, stage, space.ToJsonString(), points.Count, epochs, now);
        var trials = points
            .Select((h, i) => new TrialRecord(
                Guid.NewGuid(), searchId, stage, i, TrialStatus.Queued, SearchDocuments.Write(h), Seeds.ForTrial(searchSeed, stage, i), epochs, now, TargetEpochs: firstLegEpochs))
            .ToList();
        return (record, trials);
    }
}
