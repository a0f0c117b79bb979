using HyperSearch.Service.Execution;
using HyperSearch.Storage;
using Microsoft.Extensions.Logging;

namespace HyperSearch.Service.Jobs;

// Hardening (issue 12), kept apart from the training path in TrialJobs.cs: store writes that survive a
// brief database outage, a cap on the attempts of a leg whose worker keeps dying, and the hand-back of a
// claim when the host shuts down.
public sealed partial class TrialJobs
{
    private StoreRetry? _storeRetry;

    // Built on first use from the constructor's options, so the constructor stays as it is.
    private StoreRetry Retry => _storeRetry ??= new StoreRetry(TimeSpan.FromSeconds(Math.Max(0, options.Value.StoreRetrySeconds)), time, logger);

    /// <summary>
    /// Counts this claim against the trial's leg. A leg claimed more than MaxLegAttempts times lost its
    /// worker every time before (a process killed by the trial itself, e.g. out of memory, would otherwise
    /// crash-loop every worker and every restart): the trial ends failed under this claim and the stage
    /// may advance. True when it ended.
    /// </summary>
    private async Task<bool> EndedCrashLoopAsync(TrialRecord trial, TrialClaim claim, CancellationToken ct)
    {
        var attempt = await Retry.RunAsync("leg attempt", c => store.RecordLegAttemptAsync(claim, c), ct);
        var max = Math.Max(1, options.Value.MaxLegAttempts);
        if (attempt <= max)
        {
            return false;
        }

        var error = $"The trial's worker stopped without a result {attempt - 1} times in a row (epochs {trial.EpochsTrained + 1}–{trial.LegEpochs}); not retried again (MaxLegAttempts = {max}).";
        logger.LogError("Trial {TrialId}: {Error}", trial.Id, error);
        var outcome = new TrialOutcome(TrialStatus.Failed, null, null, null, null, null, null, null, trial.DurationSeconds ?? 0, error);
        if (await Retry.RunAsync("result", c => store.CompleteTrialAsync(claim, outcome, time.GetUtcNow(), c), CancellationToken.None))
        {
            await AdvanceIfStageDoneAsync(trial.SearchId, trial.Stage);
        }

        return true;
    }

    /// <summary>
    /// When training stopped because the host is shutting down (SIGTERM, a rolling restart), the trial is
    /// queued again with its claim released, and a job is enqueued: another worker takes it at once
    /// instead of after the lease runs out. Embedded mode's queue dies with the process, and start-up
    /// recovery re-enqueues the queued trial.
    /// </summary>
    private async Task HandBackOnShutdownAsync(TrialClaim claim, CancellationToken shutdown)
    {
        if (!shutdown.IsCancellationRequested)
        {
            return;
        }

        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            if (await store.ReleaseClaimAsync(claim, time.GetUtcNow(), bounded.Token))
            {
                logger.LogInformation("Trial {TrialId} handed back on shutdown", claim.TrialId);
                queue.RunTrial(claim.TrialId);
            }
        }
        catch (Exception ex)
        {
            // The lease still runs out, and the recovery scan re-enqueues the trial then.
            logger.LogWarning(ex, "Trial {TrialId} could not be handed back on shutdown", claim.TrialId);
        }
    }
}
