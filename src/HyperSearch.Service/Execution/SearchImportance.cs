using HyperSearch.Search;
using HyperSearch.Search.Importance;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>One stage's parameter importance: over its finished trials, within the space it sampled.</summary>
/// <param name="Trials">Finished trials the shares were computed from (completed, pruned, diverged or failed).</param>
public sealed record StageImportance(int Stage, int Trials, IReadOnlyList<ParameterShare> Parameters);

/// <summary>
/// Which parameters mattered, per stage (PED-ANOVA, <see cref="ParameterImportance"/>). Per stage rather
/// than pooled: stages train for different epochs over different ranges, so their accuracies are not
/// one population. Trials still queued, running or cancelled are left out; a trial waiting at an ASHA
/// rung or pruned counts with its last rung's accuracy, below every completed one.
/// </summary>
public static class SearchImportance
{
    public static IReadOnlyList<StageImportance> Compute(IReadOnlyList<StageRecord> stages, IReadOnlyList<TrialRecord> trials, double topQuantile)
    {
        ArgumentNullException.ThrowIfNull(stages);
        ArgumentNullException.ThrowIfNull(trials);
        return stages.OrderBy(s => s.Stage).Select(stage =>
        {
            var finished = trials
                .Where(t => t.Stage == stage.Stage && IsFinished(t))
                .OrderBy(t => t.Index)
                .Select(t => TpeProposals.Observation(t, stage.Stage))
                .ToList();
            var space = SearchSpace.Parse(stage.SpaceJson, "space");
            return new StageImportance(stage.Stage, finished.Count, ParameterImportance.Compute(space, finished, topQuantile));
        }).ToList();
    }

    /// <summary>The names varied by any stage of the search, in the order of the first stage that varies them.</summary>
    public static IReadOnlyList<string> VariedParameters(IReadOnlyList<StageRecord> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        return stages.OrderBy(s => s.Stage)
            .SelectMany(s => ParameterImportance.Varied(SearchSpace.Parse(s.SpaceJson, "space")))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsFinished(TrialRecord t) =>
        t.HyperparametersJson != DapperSearchStore.Unproposed
        && t.Status is not (TrialStatus.Queued or TrialStatus.Running or TrialStatus.Cancelled);
}
