using HyperSearch.Service.Hosting;
using HyperSearch.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HyperSearch.Service.Jobs;

/// <summary>
/// Nothing is lost when a process dies or an enqueue is lost. At start-up it re-enqueues what may have no
/// live job: searches not yet started, queued trials (the embedded queue lives in memory), and stages
/// whose trials all ended without an Advance. Then, every few seconds and on both backends, a scan
/// repairs what lost its job while the service ran (<see cref="ScanAsync"/>): running trials whose lease
/// expired (their worker was killed), queued trials that no job in the queue names (an enqueue lost
/// between a commit and the queue, or a promotion whose answer was lost), queued searches whose Start is
/// gone, and running searches whose last stage ended without an Advance or whose Finalize was lost. Jobs
/// are idempotent and claims decide who runs a trial, so a duplicate enqueue costs one no-op; each id is
/// re-enqueued at most once per lease period.
/// </summary>
public sealed class RecoveryService(
    ISearchStore store,
    IJobQueue queue,
    IJobInventory inventory,
    StorageSettings settings,
    IOptions<HyperSearchOptions> options,
    TimeProvider time,
    ILogger<RecoveryService> logger) : BackgroundService
{
    private readonly Dictionary<Guid, DateTimeOffset> _requeued = [];

    private TimeSpan ScanPeriod => TimeSpan.FromSeconds(Math.Max(1, options.Value.RecoveryScanSeconds));

    private TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(2, options.Value.LeaseSeconds));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunWorkers && settings.Mode == StorageMode.Embedded)
        {
            return;
        }

        try
        {
            await ResumeAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Start-up recovery failed");
        }

        using var timer = new PeriodicTimer(ScanPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ScanAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Recovery scan failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Start-up pass (public for tests).</summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        var active = await store.ListActiveSearchesAsync(ct);
        var resumed = 0;
        foreach (var search in active)
        {
            if (search.Status == SearchStatus.Queued)
            {
                queue.StartSearch(search.Id);
                resumed++;
                continue;
            }

            var counts = await store.GetStatusCountsAsync(search.Id, ct);
            var last = counts.Count == 0 ? 1 : counts.Max(c => c.Stage);
            var open = counts.Where(c => c.Stage == last && c.Status is TrialStatus.Queued or TrialStatus.Running).Sum(c => c.Count);
            if (open == 0)
            {
                queue.AdvanceSearch(search.Id, last);
                resumed++;
            }
        }

        if (settings.Mode == StorageMode.Embedded)
        {
            // The in-memory queue died with the process: queued trials and interrupted ones (their
            // lease will have expired, or expires soon) need jobs again.
            foreach (var trial in await store.GetQueuedTrialsAsync(ct))
            {
                queue.RunTrial(trial.Id);
                resumed++;
            }

            foreach (var trial in await store.GetExpiredTrialsAsync(DateTimeOffset.MaxValue, ct))
            {
                queue.RunTrial(trial.Id);
                resumed++;
            }
        }

        if (resumed > 0)
        {
            logger.LogInformation("Recovery re-enqueued {Count} jobs", resumed);
        }
    }

    /// <summary>
    /// One runtime pass (public for tests): what it re-enqueued. The store is read before the queue, so
    /// work that gets a job between the two reads is seen with its job (or, having run, no longer needs
    /// one); work younger than a scan period is left to the enqueue that is surely on its way.
    /// </summary>
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var requeued = 0;
        foreach (var trial in await store.GetExpiredTrialsAsync(now, ct))
        {
            if (Once(trial.Id, now))
            {
                logger.LogInformation("Trial {TrialId} lost its worker {Worker}; re-enqueuing", trial.Id, trial.Worker);
                queue.RunTrial(trial.Id);
                requeued++;
            }
        }

        var active = await store.ListActiveSearchesAsync(ct);
        var queuedTrials = await store.GetQueuedTrialsAsync(ct);
        var counts = await store.GetStatusCountsAsync(active.Where(s => s.Status == SearchStatus.Running).Select(s => s.Id).ToList(), ct);
        var live = inventory.Snapshot();
        var settled = now - ScanPeriod;

        foreach (var search in active)
        {
            // A live Start, Advance or Finalize will enqueue what the search needs next.
            if (live.Searches.Contains(search.Id) || search.CreatedAt > settled)
            {
                continue;
            }

            if (search.Status == SearchStatus.Queued)
            {
                if (Once(search.Id, now))
                {
                    logger.LogInformation("Search {SearchId} is queued with no Start job; re-enqueuing", search.Id);
                    queue.StartSearch(search.Id);
                    requeued++;
                }

                continue;
            }

            var stages = counts.GetValueOrDefault(search.Id) ?? [];
            var last = stages.Count == 0 ? 1 : stages.Max(c => c.Stage);
            var open = stages.Any(c => c.Stage == last && c.Status is TrialStatus.Queued or TrialStatus.Running);
            if (!open && Once(search.Id, now))
            {
                // Advance of the last stage goes on to Finalize, so this also repairs a lost Finalize.
                logger.LogInformation("Search {SearchId}: stage {Stage} ended with no Advance or Finalize job; re-enqueuing", search.Id, last);
                queue.AdvanceSearch(search.Id, last);
                requeued++;
            }
        }

        // A queued search's trials wait for its Start, which enqueues them (and is repaired above).
        var running = active.Where(s => s.Status == SearchStatus.Running).Select(s => s.Id).ToHashSet();
        foreach (var trial in queuedTrials)
        {
            if (running.Contains(trial.SearchId) && !live.Trials.Contains(trial.Id) && !live.Searches.Contains(trial.SearchId)
                && trial.CreatedAt <= settled && Once(trial.Id, now))
            {
                logger.LogInformation("Trial {TrialId} is queued with no job; re-enqueuing", trial.Id);
                queue.RunTrial(trial.Id);
                requeued++;
            }
        }

        foreach (var stale in _requeued.Where(kv => now - kv.Value > TimeSpan.FromMinutes(10)).Select(kv => kv.Key).ToList())
        {
            _requeued.Remove(stale);
        }

        return requeued;
    }

    /// <summary>One re-enqueue per lease period is enough; the claim (or the job's own re-read) decides the rest.</summary>
    private bool Once(Guid id, DateTimeOffset now)
    {
        if (_requeued.TryGetValue(id, out var at) && now - at < Lease)
        {
            return false;
        }

        _requeued[id] = now;
        return true;
    }
}
