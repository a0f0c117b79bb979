using System.Diagnostics;
using Hangfire;
using HyperSearch.Engine;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HyperSearch.Service.Jobs;

/// <summary>
/// RunTrial: claims the trial row (a conditional update, so a re-delivered job or a second worker does
/// nothing), trains it on the shared engine with the shared dataset, streams per-epoch metrics, and
/// writes the result once under its claim. A lease, renewed while training, lets another worker rerun
/// the trial if this process dies; a renewal that fails (search cancelled, or trial re-claimed) stops
/// training at the next batch.
/// </summary>
public sealed class TrialJobs(
    ISearchStore store,
    TensorEngine engine,
    DatasetProvider datasets,
    TrialCancellation cancellation,
    IJobQueue queue,
    IOptions<HyperSearchOptions> options,
    TimeProvider time,
    ILogger<TrialJobs> logger)
{
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = [2, 5, 10])]
    public async Task RunAsync(Guid trialId, CancellationToken shutdown)
    {
        var trial = await store.GetTrialAsync(trialId, shutdown);
        if (trial is null || trial.Status is not (TrialStatus.Queued or TrialStatus.Running))
        {
            return;
        }

        var search = await store.GetSearchAsync(trial.SearchId, shutdown);
        if (search is null || search.Status is not (SearchStatus.Queued or SearchStatus.Running))
        {
            if (search?.Status == SearchStatus.Cancelled)
            {
                // A stage added while the search was being cancelled: settle its trials too.
                await store.CancelTrialsAsync(search.Id, time.GetUtcNow(), shutdown);
            }

            return;
        }

        var lease = TimeSpan.FromSeconds(Math.Max(2, options.Value.LeaseSeconds));
        var now = time.GetUtcNow();
        var claim = await store.TryClaimTrialAsync(trialId, WorkerIdentity.Current, now, now + lease, shutdown);
        if (claim is null)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        using var registration = cancellation.Register(search.Id, trialId, stop);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewLeaseAsync(claim, lease, stop, renewing.Token);

        TrialOutcome? outcome;
        try
        {
            outcome = await TrainAsync(search, trial, claim, stop.Token, clock);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }

        if (outcome is null)
        {
            // Stopped: by shutdown (the lease runs out and the trial reruns elsewhere or at restart), or
            // because the search was cancelled / the trial re-claimed (its row is already settled).
            logger.LogInformation("Trial {TrialId} stopped before finishing", trialId);
            return;
        }

        if (await store.CompleteTrialAsync(claim, outcome, time.GetUtcNow(), CancellationToken.None))
        {
            await AdvanceIfStageDoneAsync(search.Id, trial.Stage);
        }
    }

    private async Task<TrialOutcome?> TrainAsync(SearchRecord search, TrialRecord trial, TrialClaim claim, CancellationToken ct, Stopwatch clock)
    {
        try
        {
            var spec = SearchDocuments.ReadSpec(search.SpecJson);
            var hp = SearchDocuments.ReadHyperparameters(trial.HyperparametersJson);
            var data = await datasets.GetAsync(spec.Dataset, search.Seed, ct);
            var config = EngineMapping.ToEngine(hp, data.Features, data.Classes, trial.Epochs, trial.Seed);
            var (model, training) = (config.Model, config.Training);

            var result = await Task.Run(
                () => engine.Train(model, training, data.Train, data.Validation, epoch =>
                {
                    var (record, layers) = MetricsMapping.ToRecords(claim.TrialId, epoch);
                    if (!store.AddEpochAsync(claim, record, layers, CancellationToken.None).GetAwaiter().GetResult())
                    {
                        throw new OperationCanceledException("The trial's claim was revoked.");
                    }
                }, ct),
                CancellationToken.None);

            return result.Outcome switch
            {
                TrainingOutcome.Cancelled => null,
                TrainingOutcome.Diverged => MetricsMapping.Diverged(result, clock.Elapsed.TotalSeconds),
                _ => MetricsMapping.Completed(result, search.OverfitGap, clock.Elapsed.TotalSeconds),
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Trial {TrialId} failed", trial.Id);
            return new TrialOutcome(TrialStatus.Failed, null, null, null, null, null, null, null, clock.Elapsed.TotalSeconds, ex.Message);
        }
    }

    private async Task RenewLeaseAsync(TrialClaim claim, TimeSpan lease, CancellationTokenSource stop, CancellationToken done)
    {
        // Renew often enough that a cancel from another process is seen within about a second.
        var period = TimeSpan.FromMilliseconds(Math.Min(1000, lease.TotalMilliseconds / 3));
        using var timer = new PeriodicTimer(period);
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                bool ok;
                try
                {
                    ok = await store.RenewLeaseAsync(claim, time.GetUtcNow() + lease, done);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A database hiccup is not a revocation; the lease has slack for a few missed renewals.
                    logger.LogWarning(ex, "Lease renewal for trial {TrialId} failed", claim.TrialId);
                    continue;
                }

                if (!ok)
                {
                    await stop.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Training finished.
        }
    }

    private async Task AdvanceIfStageDoneAsync(Guid searchId, int stage)
    {
        var counts = await store.GetStatusCountsAsync(searchId, CancellationToken.None);
        var open = counts.Where(c => c.Stage == stage && c.Status is TrialStatus.Queued or TrialStatus.Running).Sum(c => c.Count);
        if (open == 0)
        {
            queue.AdvanceSearch(searchId, stage);
        }
    }
}
