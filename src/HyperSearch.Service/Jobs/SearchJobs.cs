using HyperSearch.Engine;
using HyperSearch.Search;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;
using Microsoft.Extensions.Logging;

namespace HyperSearch.Service.Jobs;

/// <summary>
/// The search-level steps around the trials: Start (sanity checks, then stage 1's trials), Advance (when
/// a stage's last trial ends: refine the ranges around the best trials and plan the next stage, or
/// finish), Finalize (the best trial, retrained with its seed, evaluated once on the test split). Every
/// step re-reads the store and is a no-op when repeated.
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
        if (spec.SanityChecks && search.SanityJson is null)
        {
            var first = (await store.GetStageTrialsAsync(searchId, 1, ct)).FirstOrDefault();
            if (first is not null)
            {
                var sanity = await RunSanityChecksAsync(spec, search.Seed, first, ct);
                await store.SetSanityAsync(searchId, SearchDocuments.Write(sanity), ct);
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

        await RecordBestAsync(searchId, ct);

        var spec = SearchDocuments.ReadSpec(search.SpecJson);
        var scored = trials.Where(t => t.ValidationAccuracy is not null).ToList();
        if (stage >= spec.StageCount || spec.Refine is null || scored.Count == 0)
        {
            if (stage < spec.StageCount)
            {
                logger.LogWarning("Search {SearchId}: no trial of stage {Stage} produced a validation accuracy; not refining", searchId, stage);
            }

            queue.FinalizeSearch(searchId);
            return;
        }

        var current = SearchSpace.Parse(stages[^1].SpaceJson, "space");
        var results = trials
            .Select(t => new Search.TrialOutcome(t.Index, SearchDocuments.ReadHyperparameters(t.HyperparametersJson), t.ValidationAccuracy))
            .ToList();
        var refined = Refiner.Refine(current, results, RefineOptions.Default with { TopK = spec.Refine.TopK }).Space;
        var (next, nextTrials) = planner.PlanStage(
            searchId, search.Seed, search.Strategy, stage + 1, refined, spec.Refine.Trials, spec.Refine.GridPoints, spec.Refine.Epochs,
            firstLegEpochs: StageScheduling.FirstLegEpochs(spec.SchedulerOf(stage + 1)), tpe: spec.TpeOptions);
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

        var best = await RecordBestAsync(searchId, ct);
        if (best is not null && search.TestAccuracy is null)
        {
            var spec = SearchDocuments.ReadSpec(search.SpecJson);
            using var held = await datasets.AcquireAsync(spec.Dataset, search.Seed, ct);
            var data = held.Dataset;
            if (data.Test is not null)
            {
                // The test split is touched once, for the trial already chosen on validation accuracy:
                // retrain it (same seed → same network) and report its test accuracy.
                var hp = SearchDocuments.ReadHyperparameters(best.HyperparametersJson);
                // As many epochs as the trial trained (a pruned one stopped early): training is deterministic
                // and resuming is bit-identical to training straight through, so this is the trial's model.
                var config = EngineMapping.ToEngine(hp, data, best.EpochsTrained > 0 ? best.EpochsTrained : best.Epochs, best.Seed);
                var result = await Task.Run(() => engine.Train(config.Model, config.Training, data.Train, data.Validation, null, ct), ct);
                if (result.Outcome != TrainingOutcome.Cancelled)
                {
                    // The engine is deterministic for a seed, so this is the very model the trial
                    // trained; say so loudly if it ever is not.
                    if (Math.Abs(result.ValidationAccuracy - best.ValidationAccuracy!.Value) > 1e-9)
                    {
                        logger.LogWarning(
                            "Search {SearchId}: the retrained best trial {TrialId} reached validation accuracy {Retrained}, not the stored {Stored}",
                            searchId, best.Id, result.ValidationAccuracy, best.ValidationAccuracy);
                    }

                    var (_, accuracy) = result.Model.Evaluate(data.Test);
                    await store.SetTestAccuracyAsync(searchId, accuracy, ct);
                }
            }
        }

        await store.TransitionSearchAsync(searchId, [SearchStatus.Running], SearchStatus.Completed, null, time.GetUtcNow(), ct);
    }

    private async Task<TrialRecord?> RecordBestAsync(Guid searchId, CancellationToken ct)
    {
        var top = await store.GetTrialsAsync(searchId, new TrialQuery(Sort: TrialSort.ValidationAccuracy, Descending: true, Limit: 1), ct);
        var best = top.Items.FirstOrDefault(t => t.ValidationAccuracy is not null);
        if (best is not null)
        {
            await store.SetBestTrialAsync(searchId, best.Id, best.ValidationAccuracy!.Value, ct);
        }

        return best;
    }

    private async Task<SanityResults> RunSanityChecksAsync(Specs.SearchSpec spec, int seed, TrialRecord first, CancellationToken ct)
    {
        var hp = SearchDocuments.ReadHyperparameters(first.HyperparametersJson);
        var architecture = $"{string.Join("-", hp.Get(Parameters.HiddenLayers))} {hp.Get(Parameters.Activation)}{(hp.Get(Parameters.BatchNorm) ? " + batch norm" : "")}";
        try
        {
            using var held = await datasets.AcquireAsync(spec.Dataset, seed, ct);
            var data = held.Dataset;
            var config = EngineMapping.ToEngine(hp, data, 1, first.Seed);
            var (model, options) = (config.Model, config.Training);
            return await Task.Run(
                () =>
                {
                    var loss = SanityChecks.CheckInitialLoss(model, data.Train, first.Seed, regularization: 1.0);
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
