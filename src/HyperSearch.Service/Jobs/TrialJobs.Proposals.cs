using HyperSearch.Search;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;

namespace HyperSearch.Service.Jobs;

// TPE: a trial stored without hyperparameters gets them from the results so far, when a worker takes it.
public sealed partial class TrialJobs
{
    private async Task<TrialRecord?> ProposedAsync(SearchRecord search, TrialRecord trial, CancellationToken ct)
    {
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
        var json = await store.ProposeTrialAsync(trial.Id, trials => TpeProposals.Propose(search.Seed, spec.TpeOptions, space, trial, trials), ct);
        return json is null || json == DapperSearchStore.Unproposed ? null : trial with { HyperparametersJson = json };
    }
}
