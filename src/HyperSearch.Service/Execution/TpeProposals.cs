using HyperSearch.Core;
using HyperSearch.Search;
using HyperSearch.Search.Tpe;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// A TPE trial's hyperparameters from the search's stored trials: what has finished is the history (in the
/// order results arrived), what is proposed but not finished is pending (the constant liar). Trials of this
/// stage that ran every epoch are complete; trials waiting or stopped at a rung (ASHA, median stopping) are
/// pruned at the epochs they reached; earlier stages' trials count as pruned at their (fewer) epochs, so a
/// refined stage starts from what the coarse one learned — and an added stage (POST /api/searches/{id}/stages) from
/// every stage before it; diverged and failed trials are bad. A warm-started search's earlier trials come first
/// in the history, each pruned at its epochs (or failed), as evidence from another, lower-fidelity run.
/// </summary>
public static class TpeProposals
{
    public static string Propose(
        int searchSeed, TpeOptions options, SearchSpace space, TrialRecord trial, IReadOnlyList<TrialRecord> trials, IReadOnlyList<TrialRecord>? warmStart = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(trials);
        var proposed = trials.Where(t => t.Id != trial.Id && t.HyperparametersJson != DapperSearchStore.Unproposed).ToList();
        var history = (warmStart ?? [])
            .Select(t => Observation(t, stage: 0))
            .Concat(proposed
            .Where(t => t.Status is not (TrialStatus.Queued or TrialStatus.Running or TrialStatus.Cancelled))
            .OrderBy(t => t.CompletedAt ?? t.StartedAt ?? t.CreatedAt)
            .ThenBy(t => t.Stage)
            .ThenBy(t => t.Index)
            .Select(t => Observation(t, trial.Stage)))
            .ToList();
        var pending = proposed
            .Where(t => t.Stage == trial.Stage && t.Status is TrialStatus.Queued or TrialStatus.Running)
            .OrderBy(t => t.Index)
            .Select(t => SearchDocuments.ReadHyperparameters(t.HyperparametersJson))
            .ToList();
        var sampler = new TpeSampler(Seeds.ForStage(searchSeed, trial.Stage), options);
        return SearchDocuments.Write(sampler.Propose(space, history, pending, trial.Index));
    }

    /// <summary>A finished (or waiting) trial as TPE and the importance analysis see it, from the point of view of <paramref name="stage"/>.</summary>
    public static TpeObservation Observation(TrialRecord t, int stage)
    {
        var hp = SearchDocuments.ReadHyperparameters(t.HyperparametersJson);
        var objective = t.ValidationAccuracy ?? double.NaN;
        var state = t.Status switch
        {
            TrialStatus.Diverged or TrialStatus.Failed => TrialState.Failed,
            _ when !double.IsFinite(objective) => TrialState.Failed,
            TrialStatus.Completed when t.Stage == stage => TrialState.Complete,
            _ => TrialState.Pruned,
        };
        return new TpeObservation(hp, state, objective, t.EpochsTrained > 0 ? t.EpochsTrained : t.Epochs);
    }
}
