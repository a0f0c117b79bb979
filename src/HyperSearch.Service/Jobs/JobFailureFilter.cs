using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HyperSearch.Service.Jobs;

/// <summary>
/// When one of HyperSearch's jobs has exhausted its Hangfire retries (its state becomes Failed: the
/// AutomaticRetry attributes on the job methods let it through only after the last attempt), the work it
/// stood for would otherwise stay "running" for ever. A Start, Advance or Finalize that keeps failing
/// ends its search as Failed with the error (its open trials settled, its running trials in this process
/// stopped); a RunTrial that keeps failing ends its trial as Failed and lets the stage advance.
/// Registered in the container as an <see cref="IJobFilter"/>, which Hangfire's ASP.NET Core integration
/// applies per host (no global filter list).
/// </summary>
public sealed class JobFailureFilter(IServiceProvider services, ILogger<JobFailureFilter> logger) : JobFilterAttribute, IApplyStateFilter
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(15);

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.NewState is not FailedState failed || context.BackgroundJob?.Job is not { } job || job.Args.Count == 0 || job.Args[0] is not Guid id)
        {
            return;
        }

        var error = $"{Describe(job)} failed after its retries: {failed.Exception?.Message}";
        try
        {
            // Hangfire calls state filters synchronously; the store write is bounded so a dead database
            // cannot hold the worker (the search then stays active, and the recovery scan retries it).
            using var timeout = new CancellationTokenSource(WriteTimeout);
            HandleAsync(job, id, error, timeout.Token).GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the failure of job {JobId} ({Error})", context.BackgroundJob.Id, error);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        // Leaving the Failed state (a manual requeue from the Hangfire dashboard) undoes nothing: the job
        // re-reads the store and finds its search or trial already ended.
    }

    /// <summary>What a failed job means for the store (public for tests, which drive it without Hangfire's 17 s of retries).</summary>
    public async Task HandleAsync(Job job, Guid id, string error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var store = services.GetRequiredService<ISearchStore>();
        var time = services.GetRequiredService<TimeProvider>();
        if (job.Type == typeof(SearchJobs))
        {
            if (await store.FailSearchAsync(id, error, time.GetUtcNow(), ct))
            {
                logger.LogError("Search {SearchId} failed: {Error}", id, error);
                services.GetRequiredService<TrialCancellation>().Cancel(id);
            }
        }
        else if (job.Type == typeof(TrialJobs))
        {
            var trial = await store.GetTrialAsync(id, ct);
            if (trial is null || !await store.FailTrialAsync(id, error, time.GetUtcNow(), ct))
            {
                return;
            }

            logger.LogError("Trial {TrialId} failed: {Error}", id, error);
            var counts = await store.GetStatusCountsAsync(trial.SearchId, ct);
            if (!counts.Any(c => c.Stage == trial.Stage && c.Status is TrialStatus.Queued or TrialStatus.Running))
            {
                services.GetRequiredService<IJobQueue>().AdvanceSearch(trial.SearchId, trial.Stage);
            }
        }
    }

    private static string Describe(Job job) => job.Method.Name switch
    {
        nameof(SearchJobs.StartAsync) => "Start",
        nameof(SearchJobs.AdvanceAsync) => "Advance",
        nameof(SearchJobs.FinalizeAsync) => "Finalize",
        nameof(TrialJobs.RunAsync) => "RunTrial",
        _ => job.Method.Name,
    };
}
