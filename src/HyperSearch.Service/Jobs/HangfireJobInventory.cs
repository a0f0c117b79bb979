using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;

namespace HyperSearch.Service.Jobs;

/// <summary>
/// Reads Hangfire's monitoring API. The lists are read in the order a job moves through them (scheduled,
/// enqueued, fetched, processing), so a job moving on while they are read is still seen once; a job
/// that is missed anyway costs one duplicate enqueue, which its claim turns into a no-op.
/// </summary>
public sealed class HangfireJobInventory(JobStorage storage) : IJobInventory
{
    private const int PageSize = 500;

    public LiveJobs Snapshot()
    {
        var trials = new HashSet<Guid>();
        var searches = new HashSet<Guid>();
        var monitoring = storage.GetMonitoringApi();
        ReadPages((from, count) => monitoring.ScheduledJobs(from, count).Select(j => j.Value?.Job), Add);
        foreach (var queue in monitoring.Queues())
        {
            ReadPages((from, count) => monitoring.EnqueuedJobs(queue.Name, from, count).Select(j => j.Value?.Job), Add);
            ReadPages((from, count) => monitoring.FetchedJobs(queue.Name, from, count).Select(j => j.Value?.Job), Add);
        }

        ReadPages((from, count) => monitoring.ProcessingJobs(from, count).Select(j => j.Value?.Job), Add);
        return new LiveJobs(trials, searches);

        void Add(Job? job)
        {
            if (job is null || job.Args.Count == 0 || job.Args[0] is not Guid id)
            {
                return;
            }

            if (job.Type == typeof(TrialJobs))
            {
                trials.Add(id);
            }
            else if (job.Type == typeof(SearchJobs))
            {
                searches.Add(id);
            }
        }
    }

    private static void ReadPages(Func<int, int, IEnumerable<Job?>> page, Action<Job?> add)
    {
        for (var from = 0; ; from += PageSize)
        {
            var n = 0;
            foreach (var job in page(from, PageSize))
            {
                add(job);
                n++;
            }

            if (n < PageSize)
            {
                return;
            }
        }
    }
}
