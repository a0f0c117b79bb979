using HyperSearch.Client.Models;

namespace HyperSearch.Api.Tests;

/// <summary>
/// The service end to end through the generated client: searches are submitted, Hangfire runs every trial
/// on the engine, and the store shows the results. Runs once on the embedded SQLite store and once on a real
/// PostgreSQL (both stores and both Hangfire storages).
/// </summary>
public abstract class SearchLifecycleTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RandomSearch_Completes_WithConsistentMetricsForEveryTrial()
    {
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 4, epochs: 30));

        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        var trials = await Client.TrialsAsync(id);
        Assert.Equal(4, trials.Count);
        var gapThreshold = search.OverfitGap!.Value;
        foreach (var t in trials)
        {
            Assert.Equal(TrialStatus.Completed, t.Status);
            var train = t.TrainAccuracy!.Value;
            var val = t.ValidationAccuracy!.Value;
            var gap = t.AccuracyGap!.Value;
            Assert.Equal(train - val, gap, 9);
            Assert.Equal(gap > gapThreshold, t.Overfit!.Value);
            Assert.InRange(t.InitialLoss!.Value, 0.5, 3.0);
            Assert.True(t.DurationSeconds!.Value > 0);
            Assert.NotNull(t.Hyperparameters!.LearningRate);
        }

        var best = search.BestTrial!;
        Assert.Equal(trials.Max(t => t.ValidationAccuracy!.Value), best.ValidationAccuracy!.Value);
        Assert.NotNull(search.TestAccuracy);
        Assert.InRange(search.TestAccuracy!.Value, 0, 1);
    }

    [Fact]
    public async Task GridSearch_RunsEveryGridPoint_AndCompletes()
    {
        var spec = """
            { "name": "spiral grid", "seed": 3, "dataset": { "name": "spiral" },
              "strategy": "grid", "gridPoints": 2, "epochs": 20, "sanityChecks": false,
              "space": { "learningRate": { "min": 0.05, "max": 0.5, "scale": "log" },
                         "activation": { "values": ["relu", "tanh"] }, "hiddenLayers": [32] } }
            """;

        var id = await Client.CreateSearchAsync(spec);
        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        var trials = await Client.TrialsAsync(id);
        Assert.Equal(4, trials.Count);
        var points = trials.Select(t => (t.Hyperparameters!.LearningRate!.Value, t.Hyperparameters.Activation!.Value)).ToHashSet();
        Assert.Equal(4, points.Count);
        Assert.Contains(points, p => Math.Abs(p.Item1 - 0.05) < 1e-9);
        Assert.Contains(points, p => Math.Abs(p.Item1 - 0.5) < 1e-9);
    }

    [Fact]
    public async Task CoarseToFine_CreatesStage2_WithRefinedRangesAndLongerTraining()
    {
        var spec = Specs.Random(trials: 6, epochs: 5, extra: """, "refine": { "stages": 2, "topK": 2, "trials": 3, "epochs": 15 }""");

        var id = await Client.CreateSearchAsync(spec);
        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        var stages = search.Stages!;
        Assert.Equal(2, stages.Count);
        Assert.Equal(15, stages[1].Epochs);
        var coarse = stages[0].Space!.LearningRate!.NumericRange!;
        var fine = stages[1].Space!.LearningRate!.NumericRange!;
        static double Span(NumericRange r) => Math.Log10(r.Max!.Value) - Math.Log10(r.Min!.Value);
        var narrower = Span(fine) < Span(coarse);
        var moved = fine.Min < coarse.Min || fine.Max > coarse.Max;
        Assert.True(narrower || moved, $"stage 2's learningRate range [{fine.Min}, {fine.Max}] neither narrows nor moves from [{coarse.Min}, {coarse.Max}]");

        var fineTrials = await Client.TrialsAsync(id, q => q.Stage = 2);
        Assert.Equal(3, fineTrials.Count);
        foreach (var t in fineTrials)
        {
            var lr = t.Hyperparameters!.LearningRate!.Value;
            Assert.InRange(lr, fine.Min!.Value * (1 - 1e-9), fine.Max!.Value * (1 + 1e-9));
            Assert.Equal(15, t.Epochs);
        }
    }

    [Fact]
    public async Task OverfittingConfig_IsFlagged()
    {
        // A tiny training set, a wide net and no regularisation: train accuracy races ahead of validation.
        var spec = """
            { "name": "overfit", "seed": 11, "dataset": { "name": "spiral", "trainSize": 24, "validationSize": 300 },
              "strategy": "random", "trials": 1, "epochs": 300, "sanityChecks": false, "overfitGap": 0.1,
              "space": { "learningRate": 0.003, "regularization": 0, "hiddenLayers": [256, 256], "activation": "relu",
                         "optimizer": "adam", "batchSize": 8 } }
            """;

        var id = await Client.CreateSearchAsync(spec);
        await Client.WaitForSearchAsync(id, Timeout);

        var trial = Assert.Single(await Client.TrialsAsync(id));
        Assert.True(trial.Status == TrialStatus.Completed, $"{trial.Status}: {trial.Error}");
        Assert.True(trial.AccuracyGap > 0.1, $"gap {trial.AccuracyGap} (train {trial.TrainAccuracy}, validation {trial.ValidationAccuracy})");
        Assert.True(trial.Overfit);
        var overfitOnly = await Client.TrialsAsync(id, q => q.Overfit = true);
        Assert.Single(overfitOnly);
    }

    [Fact]
    public async Task HugeLearningRate_EndsDiverged()
    {
        var spec = """
            { "name": "diverge", "seed": 5, "dataset": { "name": "spiral" },
              "strategy": "random", "trials": 1, "epochs": 20, "sanityChecks": false,
              "space": { "learningRate": 10, "regularization": 0, "hiddenLayers": [64], "activation": "relu", "optimizer": "sgd_momentum", "momentum": 0.9 } }
            """;

        var id = await Client.CreateSearchAsync(spec);
        await Client.WaitForSearchAsync(id, Timeout);

        var trial = Assert.Single(await Client.TrialsAsync(id));
        Assert.Equal(TrialStatus.Diverged, trial.Status);
        Assert.False(string.IsNullOrEmpty(trial.Error));
    }

    [Fact]
    public async Task Cancel_StopsTheSearch_AndNoTrialRunsAfterwards()
    {
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 40, epochs: 400));
        await Eventually.WaitAsync(() => Client.SearchAsync(id), s => s.Progress!.Running > 0, Timeout, "a running trial");

        var cancelled = await Client.Client.Api.Searches[id].Cancel.PostAsync();

        Assert.Equal(SearchStatus.Cancelled, cancelled!.Status);
        var settled = await Eventually.WaitAsync(
            () => Client.TrialsAsync(id),
            ts => ts.All(t => t.Status is not (TrialStatus.Running or TrialStatus.Queued)),
            TimeSpan.FromSeconds(15),
            "every trial to settle");
        Assert.Contains(settled, t => t.Status == TrialStatus.Cancelled);
        Assert.Equal(SearchStatus.Cancelled, (await Client.SearchAsync(id)).Status);
    }

    [Fact]
    public async Task Comparison_RunsRandomAndGridOnTheSameBudget_AndShowsBothCurves()
    {
        var spec = """
            { "name": "rvg", "seed": 2, "budget": 4, "dataset": { "name": "spiral" }, "epochs": 10, "sanityChecks": false,
              "space": { "learningRate": { "min": 1e-2, "max": 1, "scale": "log" },
                         "regularization": { "min": 1e-5, "max": 1e-2, "scale": "log" }, "hiddenLayers": [32] } }
            """;

        var headers = ClientApi.InspectResponseHeaders();
        var created = await Client.Connection.SubmitComparisonAsync(spec, [headers]);
        var id = created.Id!.Value;
        Assert.Equal([$"/api/comparisons/{id}"], headers.ResponseHeaders["Location"]);

        var comparison = await Eventually.WaitAsync(
            async () => (await Client.Client.Api.Comparisons[id].GetAsync())!,
            c => c.Status == ComparisonResponse_status.Completed,
            Timeout,
            "the comparison");

        var random = comparison.Random!;
        var grid = comparison.Grid!;
        Assert.Equal(4, random.Trials);
        Assert.Equal(4, grid.Trials);
        Assert.Equal(4, random.BestSoFar!.Count);
        Assert.Equal(4, grid.BestSoFar!.Count);
        // Random search tries a new value of every parameter in every trial; a 2×2 grid only two.
        Assert.Equal(4, Convert.ToInt32(random.DistinctValues!.AdditionalData["learningRate"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, Convert.ToInt32(grid.DistinctValues!.AdditionalData["learningRate"], System.Globalization.CultureInfo.InvariantCulture));
        var curve = random.BestSoFar.Select(v => v!.Value).ToList();
        Assert.Equal(curve.OrderBy(v => v), curve);
    }

    [Fact]
    public async Task SanityChecks_AreStoredAndShown()
    {
        // Seed 3: the spiral's three arms meet at the origin, and a split whose first 20 training rows hold
        // two near-coincident points of different classes cannot be fitted to 100 % by any small net.
        var spec = Specs.Random(trials: 1, epochs: 5).Replace("\"sanityChecks\": false", "\"sanityChecks\": true", StringComparison.Ordinal)
            .Replace("\"seed\": 7", "\"seed\": 3", StringComparison.Ordinal);
        var id = await Client.CreateSearchAsync(spec);
        var search = await Client.WaitForSearchAsync(id, Timeout);

        var checks = search.SanityChecks!;
        var sanity = Assert.Single(checks.Architectures!);
        Assert.True(checks.Passed, $"{sanity.Architecture}: {sanity.Error}, overfit passed {sanity.OverfitSmallSubset?.Passed}, initial loss passed {sanity.InitialLoss?.Passed}");
        Assert.Equal(0, checks.Unchecked);
        var initial = sanity.InitialLoss!;
        Assert.Equal(Math.Log(3), initial.Expected!.Value, 6);
        Assert.InRange(initial.Loss!.Value, Math.Log(3) - 0.1, Math.Log(3) + 0.1);
        Assert.True(initial.RisesWithRegularization);
        var overfit = sanity.OverfitSmallSubset!;
        Assert.Equal(20, overfit.Examples);
        Assert.True(overfit.Passed, $"train accuracy {overfit.TrainAccuracy}, final loss {overfit.FinalLoss}");
    }

    [Fact]
    public async Task TrialDetail_HasLearningCurvesAndLayerDiagnostics()
    {
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 1, epochs: 6));
        await Client.WaitForSearchAsync(id, Timeout);
        var trialId = Assert.Single(await Client.TrialsAsync(id)).Id!.Value;

        var detail = await Client.TrialAsync(trialId);

        var epochs = detail.Epochs!;
        Assert.Equal(6, epochs.Count);
        Assert.Equal(Enumerable.Range(1, 6), epochs.Select(e => e.Epoch!.Value));
        var last = epochs[^1];
        Assert.Equal(detail.Trial!.ValidationAccuracy!.Value, last.ValidationAccuracy!.Value, 9);
        var layers = detail.Diagnostics!;
        Assert.NotEmpty(layers);
        Assert.All(layers, l => Assert.InRange(l.DeadFraction!.Value, 0, 1));
    }
}

public sealed class SqliteSearchLifecycleTests : SearchLifecycleTests;

public sealed class PostgresSearchLifecycleTests : SearchLifecycleTests
{
    protected override bool UsePostgres => true;
}
