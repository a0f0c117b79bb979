using HyperSearch.Search;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Gives a TPE trial stored without hyperparameters its point (<see cref="TpeProposals"/>) in the store's
/// per-stage proposal transaction: when a worker takes it, or at Start for the sanity checks' first trial.
/// </summary>
public static class TrialProposals
{
    /// <summary>The trial with its hyperparameters; null when it is no longer queued (or its stage is gone).</summary>
    public static async Task<TrialRecord?> ProposeAsync(ISearchStore store, SearchRecord search, TrialRecord trial, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.HyperparametersJson != DapperSearchStore.Unproposed)
        {
            return trial;
        }

        var spec = SearchDocuments.ReadSpec(search.SpecJson);
        var stage = (await store.GetStagesAsync(search.Id, ct)).FirstOrDefault(s => s.Stage == trial.Stage);
        if (stage is null)
        {
            return null;
        }

        var space = SearchSpace.Parse(stage.SpaceJson, "space");
        var warm = await WarmStart.TrialsAsync(store, spec, search.CreatedAt, ct);
        var json = await store.ProposeTrialAsync(trial.Id, trials => TpeProposals.Propose(search.Seed, spec.TpeOptions, space, trial, trials, warm), ct);
        return json is null || json == DapperSearchStore.Unproposed ? null : trial with { HyperparametersJson = json };
    }
}
