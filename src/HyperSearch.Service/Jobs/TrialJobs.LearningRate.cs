using HyperSearch.Service.Execution;
using HyperSearch.Storage;

namespace HyperSearch.Service.Jobs;

// "learningRate": "auto": stage 1's trials wait for Start's range test (which enqueues them once it has
// replaced the placeholder range); a job that reaches one earlier, e.g. from recovery, leaves it queued.
public sealed partial class TrialJobs
{
    private async Task<bool> AwaitsLearningRateRangeAsync(Specs.SearchSpec spec, SearchRecord search, TrialRecord trial, CancellationToken ct)
    {
        if (trial.Stage != 1 || !AutoLearningRate.IsRequested(spec.Space))
        {
            return false;
        }

        var stage = (await store.GetStagesAsync(search.Id, ct)).FirstOrDefault(s => s.Stage == 1);
        return stage is not null && AutoLearningRate.IsUnresolved(stage.SpaceJson);
    }
}
