using HyperSearch.Service.Execution;
using HyperSearch.Storage;

namespace HyperSearch.Service.Jobs;

// TPE: a trial stored without hyperparameters gets them from the results so far, when a worker takes it.
public sealed partial class TrialJobs
{
    private Task<TrialRecord?> ProposedAsync(SearchRecord search, TrialRecord trial, CancellationToken ct) =>
        TrialProposals.ProposeAsync(store, search, trial, ct);
}
