using HyperSearch.Data;
using HyperSearch.Engine;
using HyperSearch.Search;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;
using Microsoft.Extensions.Logging;

namespace HyperSearch.Service.Jobs;

/// <summary>
/// The search-level steps around the trials: Start (sanity checks, then stage 1's trials), Advance (when
/// a stage's last trial ends: refine the ranges around the best trials and plan the next stage, or
/// finish), Finalize (the best trial's kept network, or the trial retrained with its seed, evaluated once on
/// the test split). Every step re-reads the store and is a no-op when repeated.
/// </summary>
public sealed partial class SearchJobs(
    ISearchStore store,
    SearchPlanner planner,
    TensorEngine engine,
    DatasetProvider datasets,
    IJobQueue queue,
    TimeProvider time,
    ILogger<SearchJobs> logger)
{
    [Hangfire.AutomaticRetry(Attempts = 3, DelaysInSeconds = [2, 5, 10])]
    public async Task StartAsync(Guid searchId, CancellationToken ct)
    {
        var search = await store.GetSearchAsync(searchId, ct);
        if (search is null || search.Status is not (SearchStatus.Queued or SearchStatus.Running))
        {
            return;
        }

        var spec = SearchDocuments.ReadSpec(search.SpecJson);
        if (!await ResolveAutoLearningRateAsync(search, spec, ct))
        {
            return;
        }

        if (spec.SanityChecks)
        {
            var sanity = search.SanityJson is { } stored ? SanityReport.Read(stored) : await CheckStageOneAsync(search, spec, ct);
            if (spec.SanityGate && sanity is { Passed: false })
            {
                // A repeated Start (after a crash between the two writes) reads the stored report and fails here too.
                var error = sanity.GateFailure();
                if (await store.FailSearchAsync(searchId, error, time.GetUtcNow(), ct))
                {
                    logger.LogWarning("Search {SearchId} stopped by its sanity gate: {Error}", searchId, error);
                }

                return;
            }
        }

        await store.TransitionSearchAsync(searchId, [SearchStatus.Queued], SearchStatus.Running, null, time.GetUtcNow(), ct);

        // Enqueue every queued trial (a repeated Start after a crash re-enqueues; claims make duplicates no-ops).
        var stages = await store.GetStagesAsync(searchId, ct);
        var open = false;
        foreach (var stage in stages)
        {
            foreach (var trial in await store.GetStageTrialsAsync(searchId, stage.Stage, ct))
            {
                if (trial.Status == TrialStatus.Queued)
                {
                    queue.RunTrial(trial.Id);
                }

                open |= stage.Stage == stages[^1].Stage && (trial.Status is TrialStatus.Queued or TrialStatus.Running);
            }
        }

        // After a restart, recovery may have run a queued search's trials before this Start: their
        // Advance found the search not yet running and did nothing, so the stage needs one now.
        if (!open && stages.Count > 0)
        {
            queue.AdvanceSearch(searchId, stages[^1].Stage);
        }
    }

    [Hangfire.AutomaticRetry(Attempts = 3, DelaysInSeconds = [2, 5, 10])]
    public async Task AdvanceAsync(Guid searchId, int stage, CancellationToken ct)
    {
        var search = await store.GetSearchAsync(searchId, ct);
        if (search is null || search.Status != SearchStatus.Running)
        {
            return;
        }

        var stages = await store.GetStagesAsync(searchId, ct);
        if (stages.Count == 0 || stages[^1].Stage != stage)
        {
            return; // already advanced past this stage
        }

        var trials = await store.GetStageTrialsAsync(searchId, stage, ct);
        if (trials.Any(t => t.Status is TrialStatus.Queued or TrialStatus.Running))
        {
            return; // not done yet; the last trial to finish enqueues Advance again
        }

        // Nothing can be promoted any more: trials still waiting at an ASHA rung end pruned.
        if (trials.Any(t => t.Status == TrialStatus.Paused))
        {
            await store.SettleStageAsync(searchId, stage, time.GetUtcNow(), ct);
            trials = await store.GetStageTrialsAsync(searchId, stage, ct);
        }

        // hardening (SearchJobs.Hardening.cs): a stage in which every trial failed ends the search failed.
        if (await FailedStageEndedSearchAsync(searchId, stage, trials, ct))
        {
            return;
        }

        await RecordBestAsync(searchId, kept: null, ct); // Finalize breaks a tie in favour of the kept model.

        var spec = SearchDocuments.ReadSpec(search.SpecJson);
        var scored = trials.Where(t => t.ValidationAccuracy is not null).ToList();
        // The next stage is an added one (POST …/stages), or a submitted refine stage: refined from this stage's
        // scored trials, or planned anyway when added stages wait behind it (they must run even then).
        var added = spec.ExtensionOf(stage + 1);
        var refinesNext = stage < spec.StageCount && spec.Refine is not null && (scored.Count > 0 || search.StageCount > spec.StageCount);
        if (stage >= search.StageCount || (added is null && !refinesNext))
        {
            if (stage < spec.StageCount)
            {
                logger.LogWarning("Search {SearchId}: no trial of stage {Stage} produced a validation accuracy; not refining", searchId, stage);
            }

            queue.FinalizeSearch(searchId);
            return;
        }

        StageRecord next;
        IReadOnlyList<TrialRecord> nextTrials;
        if (added is not null)
        {
            // An added stage refines around the best trials of every stage so far (or takes its own space).
            var all = new List<TrialRecord>();
            foreach (var s in stages)
            {
                all.AddRange(s.Stage == stage ? trials : await store.GetStageTrialsAsync(searchId, s.Stage, ct));
            }

            (next, nextTrials) = planner.PlanExtension(search, spec, added, stages[^1], all);
        }
        else
        {
            var current = SearchSpace.Parse(stages[^1].SpaceJson, "space");
            // A warm start's trials also shape the ranges of stage 2 (docs/search-spec.md, "Warm start").
            var warm = stage == 1 ? await WarmStart.TrialsAsync(store, spec, search.CreatedAt, ct) : [];
            var refined = SearchPlanner.Refine(current, trials.OrderBy(t => t.Index).Concat(warm), spec.Refine!.TopK);
            (next, nextTrials) = planner.PlanStage(
                searchId, search.Seed, search.Strategy, stage + 1, refined, spec.Refine.Trials, spec.Refine.GridPoints, spec.Refine.Epochs,
                firstLegEpochs: StageScheduling.FirstLegEpochs(spec.SchedulerOf(stage + 1)), tpe: spec.TpeOptions);
        }

        if (await store.TryAddStageAsync(next, nextTrials, ct))
        {
            foreach (var t in nextTrials)
            {
                queue.RunTrial(t.Id);
            }
        }
    }

    [Hangfire.AutomaticRetry(Attempts = 3, DelaysInSeconds = [2, 5, 10])]
    public async Task FinalizeAsync(Guid searchId, CancellationToken ct)
    {
        var search = await store.GetSearchAsync(searchId, ct);
        if (search is null || search.Status != SearchStatus.Running)
        {
            return;
        }

        // A stage added after the last Advance read the search (POST …/stages) goes first: its Advance plans it.
        var stages = await store.GetStagesAsync(searchId, ct);
        if (stages.Count > 0 && stages.Count < search.StageCount
            && SearchDocuments.ReadSpec(search.SpecJson).ExtensionOf(stages[^1].Stage + 1) is not null)
        {
            queue.AdvanceSearch(searchId, stages[^1].Stage);
            return;
        }

        var kept = await store.GetBestModelAsync(searchId, ct);
        var best = await RecordBestAsync(searchId, kept, ct);
        double? testAccuracy = null;
        if (best is not null && search.TestAccuracy is null)
        {
            testAccuracy = await TestAccuracyAsync(search, best, kept, ct);
        }

        // Conditional on the stage count read above: a stage added while this ran (the retraining takes a
        // while) keeps the search running, and the test accuracy of a best trial that may be overtaken is dropped.
        if (!await store.CompleteSearchAsync(searchId, search.StageCount, testAccuracy, time.GetUtcNow(), ct)
            && await store.GetSearchAsync(searchId, ct) is { Status: SearchStatus.Running } now
            && await store.GetStagesAsync(searchId, ct) is { Count: > 0 } current)
        {
            logger.LogInformation("Search {SearchId}: a stage was added while it was finalized ({Stages} of {StageCount}); advancing instead", searchId, current.Count, now.StageCount);
            queue.AdvanceSearch(searchId, current[^1].Stage);
        }
    }

    /// <summary>
    /// The test split is touched once, for the trial already chosen on validation accuracy: its kept network
    /// (the search's best model, the very weights the trial had) when that is the trial's final state, otherwise
    /// the trial retrained with its seed for the epochs it trained (training is deterministic and resuming is
    /// bit-identical to training straight through, so that is the same network). Null without a test split or
    /// when cancelled.
    /// </summary>
    private async Task<double?> TestAccuracyAsync(SearchRecord search, TrialRecord best, BestModelRecord? kept, CancellationToken ct)
    {
        var spec = SearchDocuments.ReadSpec(search.SpecJson);
        using var held = await datasets.AcquireAsync(spec.Dataset, search.Seed, ct);
        var data = held.Dataset;
        if (data.Test is null)
        {
            return null;
        }

        var hp = SearchDocuments.ReadHyperparameters(best.HyperparametersJson);
        var epochs = best.EpochsTrained > 0 ? best.EpochsTrained : best.Epochs;
        var config = EngineMapping.ToEngine(hp, data, epochs, best.Seed);
        var model = kept is not null && kept.TrialId == best.Id && kept.Epoch == epochs ? Restore(search.Id, config, data, kept) : null;
        if (model is null)
        {
            logger.LogInformation("Search {SearchId}: retraining its best trial {TrialId} ({Epochs} epochs) for the test split: no network of it is kept", search.Id, best.Id, epochs);
            var result = await Task.Run(() => engine.Train(config.Model, config.Training, data.Train, data.Validation, null, ct), ct);
            if (result.Outcome == TrainingOutcome.Cancelled)
            {
                return null;
            }

            model = result.Model;
        }
        else
        {
            logger.LogInformation("Search {SearchId}: testing the kept network of its best trial {TrialId} (after epoch {Epochs})", search.Id, best.Id, epochs);
        }

        return await Task.Run(
            () =>
            {
                // Deterministic training and a kept model both give the trial's own network: say so loudly if not.
                var (_, validation) = model.Evaluate(data.Validation);
                if (Math.Abs(validation - best.ValidationAccuracy!.Value) > 1e-9)
                {
                    logger.LogWarning(
                        "Search {SearchId}: the best trial {TrialId}'s network reaches validation accuracy {Measured}, not the stored {Stored}",
                        search.Id, best.Id, validation, best.ValidationAccuracy);
                }

                return model.Evaluate(data.Test).Accuracy;
            },
            ct);
    }

    private Model? Restore(Guid searchId, EngineConfig config, PreparedDataset data, BestModelRecord kept)
    {
        try
        {
            return engine.Restore(config.Model, config.Training, data.Train, TrainingCheckpoint.FromBytes(kept.Data));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException)
        {
            logger.LogWarning(ex, "Search {SearchId}: the kept model of trial {TrialId} does not restore; retraining it", searchId, kept.TrialId);
            return null;
        }
    }

    /// <summary>
    /// Records the trial with the highest validation accuracy as the search's best; on a tie, the one whose
    /// network is kept (the first to reach it), so that Finalize need not retrain.
    /// </summary>
    private async Task<TrialRecord?> RecordBestAsync(Guid searchId, BestModelRecord? kept, CancellationToken ct)
    {
        var top = await store.GetTrialsAsync(searchId, new TrialQuery(Sort: TrialSort.ValidationAccuracy, Descending: true, Limit: 1), ct);
        var best = top.Items.FirstOrDefault(t => t.ValidationAccuracy is not null);
        if (best is not null && kept is not null && kept.TrialId != best.Id && kept.ValidationAccuracy == best.ValidationAccuracy
            && await store.GetTrialAsync(kept.TrialId, ct) is { } tied && tied.ValidationAccuracy == kept.ValidationAccuracy && tied.EpochsTrained == kept.Epoch)
        {
            best = tied;
        }

        if (best is not null)
        {
            await store.SetBestTrialAsync(searchId, best.Id, best.ValidationAccuracy!.Value, ct);
        }

        return best;
    }

    /// <summary>Runs and stores the checks of stage 1's distinct architectures; null when stage 1 has no trial yet.</summary>
    private async Task<SanityReport?> CheckStageOneAsync(SearchRecord search, Specs.SearchSpec spec, CancellationToken ct)
    {
        var trials = await store.GetStageTrialsAsync(search.Id, 1, ct);
        if (trials.Count > 0 && trials[0].HyperparametersJson == DapperSearchStore.Unproposed)
        {
            // A warm-started TPE search proposes even its first trial from the earlier search's results; TPE's
            // later trials are proposed as results arrive, so their architectures are not known yet.
            var first = await TrialProposals.ProposeAsync(store, search, trials[0], ct);
            trials = first is null ? [] : [first];
        }

        var proposed = trials.Where(t => t.HyperparametersJson != DapperSearchStore.Unproposed).ToList();
        if (proposed.Count == 0)
        {
            return null;
        }

        // One check per distinct network, in stage order, on the settings of its trial with the median learning
        // rate: the overfit check trains at that rate, and one wild rate of a grid must not fail the network.
        var byArchitecture = proposed
            .Select(t => (Trial: t, Hp: SearchDocuments.ReadHyperparameters(t.HyperparametersJson)))
            .GroupBy(t => SanityArchitecture.Describe(t.Hp))
            .ToList();
        var results = new List<SanityResults>();
        foreach (var group in byArchitecture.Take(SanityReport.MaxArchitectures))
        {
            var byRate = group.OrderBy(t => t.Hp.Get(Parameters.LearningRate)).ThenBy(t => t.Trial.Index).ToList();
            var (trial, hp) = byRate[(byRate.Count - 1) / 2];
            results.Add(await RunSanityChecksAsync(spec, search.Seed, group.Key, trial, hp, ct));
        }

        var report = new SanityReport(results, byArchitecture.Count - results.Count, spec.SanityGate);
        await store.SetSanityAsync(search.Id, SearchDocuments.Write(report), ct);
        return report;
    }

    private async Task<SanityResults> RunSanityChecksAsync(Specs.SearchSpec spec, int seed, string architecture, TrialRecord trial, Hyperparameters hp, CancellationToken ct)
    {
        try
        {
            using var held = await datasets.AcquireAsync(spec.Dataset, seed, ct);
            var data = held.Dataset;
            var config = EngineMapping.ToEngine(hp, data, 1, trial.Seed);
            var (model, options) = (config.Model, config.Training);
            return await Task.Run(
                () =>
                {
                    var loss = SanityChecks.CheckInitialLoss(model, data.Train, trial.Seed, regularization: 1.0);
                    var overfit = SanityChecks.OverfitTinySubset(model, options, data.Train);
                    var initial = new InitialLossResult(loss.Loss, loss.Expected, loss.Regularization, loss.LossWithRegularization, loss.LossWithRegularization > loss.Loss, loss.Passed);
                    var tiny = new OverfitResult(overfit.Examples, overfit.Steps, overfit.FinalLoss, overfit.TrainAccuracy, overfit.Passed);
                    return new SanityResults(architecture, initial, tiny, initial.Passed && tiny.Passed);
                },
                ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Sanity checks failed to run");
            return new SanityResults(architecture, new InitialLossResult(double.NaN, double.NaN, 0, double.NaN, false, false), new OverfitResult(0, 0, double.NaN, 0, false), false, ex.Message);
        }
    }
}
