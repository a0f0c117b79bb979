using HyperSearch.Service.Hosting;
using HyperSearch.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HyperSearch.Service.Jobs;

/// <summary>
/// Nothing is lost when a process dies. At start-up it re-enqueues what may have no live job: searches
/// not yet started, queued trials (the embedded queue lives in memory), and stages whose trials all
/// ended without an Advance. Then, every few seconds, it re-enqueues trials whose lease expired (their
/// worker was killed): the next claim succeeds and the trial reruns. Jobs are idempotent, so a
/// duplicate enqueue costs one no-op.
/// </summary>
public sealed class RecoveryService(
    ISearchStore store,
    IJobQueue queue,
    StorageSettings settings,
    IOptions<HyperSearchOptions> options,
    TimeProvider time,
    ILogger<RecoveryService> logger) : BackgroundService
{
    private readonly Dictionary<Guid, DateTimeOffset> _requeued = [];

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

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.RecoveryScanSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RequeueExpiredAsync(stoppingToken);
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

    private async Task RequeueExpiredAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var trial in await store.GetExpiredTrialsAsync(now, ct))
        {
            // One re-enqueue per lease period is enough; the claim decides who runs it.
            if (_requeued.TryGetValue(trial.Id, out var at) && now - at < TimeSpan.FromSeconds(options.Value.LeaseSeconds))
            {
                continue;
            }

            _requeued[trial.Id] = now;
            logger.LogInformation("Trial {TrialId} lost its worker {Worker}; re-enqueuing", trial.Id, trial.Worker);
            queue.RunTrial(trial.Id);
        }

        foreach (var stale in _requeued.Where(kv => now - kv.Value > TimeSpan.FromMinutes(10)).Select(kv => kv.Key).ToList())
        {
            _requeued.Remove(stale);
        }
    }
}
