using Hangfire;

namespace HyperSearch.Service.Jobs;

/// <summary>The Hangfire-backed queue (an injected <see cref="IBackgroundJobClient"/>, never the static API).</summary>
public sealed class HangfireJobQueue(IBackgroundJobClient client) : IJobQueue
{
    public void StartSearch(Guid searchId) => client.Enqueue<SearchJobs>(j => j.StartAsync(searchId, CancellationToken.None));

    public void RunTrial(Guid trialId) => client.Enqueue<TrialJobs>(j => j.RunAsync(trialId, CancellationToken.None));

    public void AdvanceSearch(Guid searchId, int stage) => client.Enqueue<SearchJobs>(j => j.AdvanceAsync(searchId, stage, CancellationToken.None));

    public void FinalizeSearch(Guid searchId) => client.Enqueue<SearchJobs>(j => j.FinalizeAsync(searchId, CancellationToken.None));
}
