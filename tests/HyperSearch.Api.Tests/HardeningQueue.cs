using HyperSearch.Service.Jobs;

namespace HyperSearch.Api.Tests;

/// <summary>
/// A job queue for the hardening tests that records every enqueue, keeps it "live" (as a waiting job in
/// Hangfire would be) until the test consumes it, and can drop chosen enqueues, as a crash between a
/// commit and the enqueue would.
/// </summary>
public sealed class HardeningQueue : IJobQueue, IJobInventory
{
    private readonly HashSet<Guid> _liveTrials = [];
    private readonly HashSet<Guid> _liveSearches = [];

    public HashSet<Guid> Drop { get; } = [];

    public List<Guid> Started { get; } = [];

    public List<Guid> Trials { get; } = [];

    public List<(Guid SearchId, int Stage)> Advanced { get; } = [];

    public List<Guid> Finalized { get; } = [];

    public void StartSearch(Guid searchId) => Record(searchId, Started, _liveSearches);

    public void RunTrial(Guid trialId) => Record(trialId, Trials, _liveTrials);

    public void AdvanceSearch(Guid searchId, int stage)
    {
        Advanced.Add((searchId, stage));
        if (!Drop.Contains(searchId))
        {
            _liveSearches.Add(searchId);
        }
    }

    public void FinalizeSearch(Guid searchId) => Record(searchId, Finalized, _liveSearches);

    /// <summary>The job for <paramref name="id"/> ran: it is no longer in the queue.</summary>
    public void Consume(Guid id)
    {
        _liveTrials.Remove(id);
        _liveSearches.Remove(id);
    }

    public void Clear()
    {
        Started.Clear();
        Trials.Clear();
        Advanced.Clear();
        Finalized.Clear();
    }

    public LiveJobs Snapshot() => new(new HashSet<Guid>(_liveTrials), new HashSet<Guid>(_liveSearches));

    private void Record(Guid id, List<Guid> log, HashSet<Guid> live)
    {
        log.Add(id);
        if (!Drop.Contains(id))
        {
            live.Add(id);
        }
    }
}
