using System.Diagnostics;
using Hangfire;
using HyperSearch.Engine;
using HyperSearch.Search.Scheduling;
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
public sealed partial class TrialJobs(
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

        // Parsed once for the whole job: the search row read above is what every step below works from.
        var spec = SearchDocuments.ReadSpec(search.SpecJson);
        if (await AwaitsLearningRateRangeAsync(spec, search, trial, shutdown))
        {
            return;
        }

        if (await PromotedInsteadAsync(spec, search, trial, shutdown) is { } promoted)
        {
            // ASHA gives a free worker a promotion before a new configuration (Li et al. 2020, Algorithm 2),
            // but a promoted trial's job waits behind every configuration queued before it: this job trains
            // the promoted trial instead, and the new configuration's job goes back in the queue (it was not
            // claimed, so nothing is lost; the promoted trial's own job later finds it taken).
            queue.RunTrial(trialId);
            (trial, trialId) = (promoted, promoted.Id);
        }

        var lease = TimeSpan.FromSeconds(Math.Max(2, options.Value.LeaseSeconds));
        var now = time.GetUtcNow();
        var budget = spec.SchedulerOf(trial.Stage) is AshaSpec { EpochBudget: { } b } ? b : (int?)null;
        var claim = budget is { } epochBudget
            ? await store.TryClaimWithinBudgetAsync(trialId, WorkerIdentity.Current, now, now + lease, epochBudget, shutdown)
            : await store.TryClaimTrialAsync(trialId, WorkerIdentity.Current, now, now + lease, shutdown);
        if (claim is null)
        {
            if (budget is not null)
            {
                // It may have been refused (pruned, untrained): then it may have been the stage's last open trial.
                await AdvanceIfStageDoneAsync(search.Id, trial.Stage);
            }

            return;
        }

        // A TPE trial is proposed now, under its claim, from every result so far (null: it was cancelled
        // meanwhile). The claimed row, read below, carries the proposal.
        if (await ProposedAsync(search, trial, shutdown) is null)
        {
            return;
        }

        // What was read before the claim may be stale: another worker may have trained a leg of this trial
        // and promoted it again in between. Train from the row as claimed (its epochs, target, checkpoint).
        if (await store.GetTrialAsync(trialId, shutdown) is not { } claimed)
        {
            return;
        }

        trial = claimed;

        // hardening (TrialJobs.Hardening.cs): a leg whose worker keeps dying ends failed.
        if (await EndedCrashLoopAsync(trial, claim, shutdown))
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        using var registration = cancellation.Register(search.Id, trialId, stop);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewLeaseAsync(claim, lease, stop, renewing.Token);

        Leg? leg;
        try
        {
            leg = await TrainLegAsync(search, spec, trial, claim, stop.Token, clock);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
        }

        if (leg is null)
        {
            // Stopped: by shutdown (the lease runs out and the trial reruns elsewhere or at restart), or
            // because the search was cancelled / the trial re-claimed (its row is already settled).
            logger.LogInformation("Trial {TrialId} stopped before finishing", trialId);
            // hardening (TrialJobs.Hardening.cs): on shutdown the claim goes back at once.
            await HandBackOnShutdownAsync(claim, shutdown);
            return;
        }

        if (await SettleLegAsync(spec, trial, claim, leg))
        {
            await AdvanceIfStageDoneAsync(search.Id, trial.Stage);
        }
    }

    /// <summary>
    /// For a new configuration of an ASHA stage: the stage's promoted trial that waits in the queue
    /// (highest rung first, then lowest index), or null.
    /// </summary>
    private async Task<TrialRecord?> PromotedInsteadAsync(Specs.SearchSpec spec, SearchRecord search, TrialRecord trial, CancellationToken ct)
    {
        if (trial.Status != TrialStatus.Queued || trial.EpochsTrained > 0 || spec.SchedulerOf(trial.Stage) is not AshaSpec)
        {
            return null;
        }

        return (await store.GetStageTrialsAsync(search.Id, trial.Stage, ct))
            .Where(t => t.Status == TrialStatus.Queued && t.EpochsTrained > 0)
            .OrderByDescending(t => t.Rung)
            .ThenBy(t => t.Index)
            .FirstOrDefault();
    }

    /// <summary>
    /// What one leg of training ended with: the trial's outcome if it is over (with its trained network, for the
    /// store to keep if it leads the search), or the rung it reached and the checkpoint to resume from.
    /// </summary>
    private sealed record Leg(TrialOutcome Outcome, int EpochsTrained, int? Rung = null, double Objective = double.NaN, byte[]? Checkpoint = null, Func<byte[]?>? Model = null);

    /// <summary>
    /// Trains the trial from where it stands (its stored checkpoint, if it was promoted) to the end of
    /// its leg: the next ASHA rung, or its last epoch. Median stopping may end the leg early.
    /// </summary>
    private async Task<Leg?> TrainLegAsync(SearchRecord search, Specs.SearchSpec spec, TrialRecord trial, TrialClaim claim, CancellationToken ct, Stopwatch clock)
    {
        try
        {
            var scheduler = spec.SchedulerOf(trial.Stage);
            var hp = SearchDocuments.ReadHyperparameters(trial.HyperparametersJson);
            using var held = await datasets.AcquireAsync(spec.Dataset, search.Seed, ct);
            var data = held.Dataset;
            var config = EngineMapping.ToEngine(hp, data, trial.LegEpochs, trial.Seed);
            TrainingCheckpoint? resume = null;
            if (trial.EpochsTrained > 0 && await store.GetCheckpointAsync(trial.Id, ct) is { } stored)
            {
                resume = TrainingCheckpoint.FromBytes(stored.Data);
            }

            var median = scheduler is MedianStoppingSpec m ? new MedianStopping(m) : null;
            var watch = await DiagnosisPruningAsync(spec, search.OverfitGap, trial, resume is not null, ct);
            string? pruned = null;
            var result = await Task.Run(
                () => engine.Train(config.Model, config.Training, data.Train, data.Validation, resume, epoch =>
                {
                    var (record, layers) = MetricsMapping.ToRecords(claim.TrialId, epoch);
                    // hardening: retried through a brief database outage (StoreRetry).
                    if (!Retry.RunAsync("epoch", c => store.AddEpochAsync(claim, record, layers, c), ct).GetAwaiter().GetResult())
                    {
                        throw new OperationCanceledException("The trial's claim was revoked.");
                    }

                    if (epoch.Epoch >= trial.Epochs)
                    {
                        return EpochDecision.Continue;
                    }

                    if (watch?.After(epoch) is { } reason)
                    {
                        pruned = reason;
                        return EpochDecision.Stop;
                    }

                    if (median is null)
                    {
                        return EpochDecision.Continue;
                    }

                    var others = Retry.RunAsync("median", c => store.GetEpochAccuraciesAsync(search.Id, trial.Stage, epoch.Epoch, trial.Id, c), ct).GetAwaiter().GetResult();
                    if (!median.ShouldStop(epoch.Epoch, epoch.ValidationAccuracy, others))
                    {
                        return EpochDecision.Continue;
                    }

                    pruned = MedianReason(epoch, others);
                    return EpochDecision.Stop;
                },
                ct,
                initial =>
                {
                    // Epoch 0, before the first update: the dashboard shows it while the trial trains.
                    watch?.Initialised(initial);
                    var layers = MetricsMapping.ToRecords(claim.TrialId, 0, initial);
                    if (!Retry.RunAsync("initial layers", c => store.AddInitialLayersAsync(claim, layers, c), ct).GetAwaiter().GetResult())
                    {
                        throw new OperationCanceledException("The trial's claim was revoked.");
                    }
                }),
                CancellationToken.None);

            var trained = (resume?.Epoch ?? 0) + result.Epochs.Count;
            var seconds = clock.Elapsed.TotalSeconds + (trial.DurationSeconds ?? 0);
            if (result.Outcome == TrainingOutcome.Cancelled)
            {
                return null;
            }

            bool diverged = result.Outcome == TrainingOutcome.Diverged;
            var diagnosis = await DiagnoseAsync(trial, result, diverged, ranToEnd: !diverged && pruned is null && trained >= trial.Epochs, search.OverfitGap, ct);
            if (diverged)
            {
                // On its way to an ASHA rung, the divergence is that rung's result (it ranks last there).
                var failed = MetricsMapping.Diverged(result, seconds) with { EpochsTrained = trained, Diagnosis = diagnosis };
                return new Leg(failed, trained, StageScheduling.RungAt(scheduler, trial.LegEpochs));
            }

            var outcome = MetricsMapping.Completed(result, search.OverfitGap, seconds) with { EpochsTrained = trained, Diagnosis = diagnosis };
            byte[]? Model() => result.CaptureCheckpoint()?.ToBytes();
            if (pruned is not null)
            {
                return new Leg(outcome with { Status = TrialStatus.Pruned, Error = pruned }, trained, Model: Model);
            }

            if (trained < trial.Epochs && StageScheduling.RungAt(scheduler, trained) is { } rung)
            {
                var checkpoint = result.CaptureCheckpoint() ?? throw new InvalidOperationException("A completed leg has no checkpoint.");
                return new Leg(outcome, trained, rung, result.ValidationAccuracy, checkpoint.ToBytes());
            }

            return new Leg(outcome, trained, Model: Model);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Trial {TrialId} failed", trial.Id);
            return new Leg(new TrialOutcome(TrialStatus.Failed, null, null, null, null, null, null, null, clock.Elapsed.TotalSeconds, ex.Message), trial.EpochsTrained);
        }
    }

    /// <summary>The search's "pruneOn" for this leg (null without one); a resumed leg starts from the trial's stored history.</summary>
    private async Task<DiagnosisPruning?> DiagnosisPruningAsync(Specs.SearchSpec spec, double overfitGap, TrialRecord trial, bool resumed, CancellationToken ct)
    {
        if (spec.PruneOn is not { Count: > 0 } labels)
        {
            return null;
        }

        if (!resumed)
        {
            return new DiagnosisPruning(labels, overfitGap, null, []);
        }

        var (epochs, layers) = await StoredHistoryAsync(trial.Id, ct);
        var (initial, earlier) = TrialDiagnoses.History(epochs, layers);
        return new DiagnosisPruning(labels, overfitGap, initial, earlier);
    }

    /// <summary>Every stored epoch of the trial and every layer row (epoch 0 included), through a brief outage.</summary>
    private async Task<(IReadOnlyList<EpochRecord> Epochs, IReadOnlyList<LayerDiagnosticRecord> Layers)> StoredHistoryAsync(Guid trialId, CancellationToken ct) =>
        (await Retry.RunAsync("epochs", c => store.GetEpochsAsync(trialId, c), ct), await Retry.RunAsync("diagnostics", c => store.GetDiagnosticsAsync(trialId, c), ct));

    /// <summary>
    /// The trial's diagnosis after this leg, from everything stored of it (epoch 0 and every leg's epochs); the
    /// run's initial loss is the first leg's (a resumed run carries it in its checkpoint).
    /// </summary>
    private async Task<TrialDiagnosis> DiagnoseAsync(TrialRecord trial, TrainingResult result, bool diverged, bool ranToEnd, double overfitGap, CancellationToken ct)
    {
        var (epochs, layers) = await StoredHistoryAsync(trial.Id, ct);
        return TrialDiagnoses.From(epochs, layers, result.InitialLoss, diverged, result.DivergenceReason, ranToEnd, overfitGap);
    }

    /// <summary>
    /// Writes the leg's end under the claim: the trial's result, or (at an ASHA rung) its checkpoint and
    /// rung result with the promotion decision in the same transaction, enqueueing every trial promoted.
    /// True when something was written (so the stage may have ended).
    /// </summary>
    private async Task<bool> SettleLegAsync(Specs.SearchSpec spec, TrialRecord trial, TrialClaim claim, Leg leg)
    {
        if (leg.Rung is not { } rung)
        {
            return await Retry.RunAsync("result", c => store.CompleteTrialAsync(claim, leg.Outcome, leg.Model, time.GetUtcNow(), c), CancellationToken.None);
        }

        var asha = (AshaSpec)spec.SchedulerOf(trial.Stage);
        var report = new RungReport(rung, leg.EpochsTrained, leg.Objective, leg.Outcome, leg.Checkpoint ?? []);
        var promoted = await Retry.RunAsync(
            "rung", c => store.ReportRungAsync(claim, report, entries => StageScheduling.Promotions(asha, entries), asha.EpochBudget, time.GetUtcNow(), c), CancellationToken.None);
        foreach (var p in promoted ?? [])
        {
            queue.RunTrial(p.TrialId);
        }

        return promoted is not null;
    }

    private static string MedianReason(EpochMetrics epoch, IReadOnlyList<double> others)
    {
        var finite = others.Where(double.IsFinite).Order().ToList();
        var median = finite.Count % 2 == 1 ? finite[finite.Count / 2] : (finite[(finite.Count / 2) - 1] + finite[finite.Count / 2]) / 2;
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"median stopping at epoch {epoch.Epoch}: validation accuracy {epoch.ValidationAccuracy:F4} below the median {median:F4} of {finite.Count} other trials");
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
