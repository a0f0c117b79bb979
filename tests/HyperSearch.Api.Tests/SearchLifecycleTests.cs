using System.Net;
using System.Text.Json.Nodes;

namespace HyperSearch.Api.Tests;

/// <summary>
/// The service end to end through HTTP: searches are submitted, Hangfire runs every trial on the
/// engine, and the store shows the results. Runs once on the embedded SQLite store and once on a real
/// PostgreSQL (both stores and both Hangfire storages).
/// </summary>
public abstract class SearchLifecycleTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task RandomSearch_Completes_WithConsistentMetricsForEveryTrial()
    {
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 4, epochs: 30));

        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var trials = await Api.TrialsAsync(id);
        Assert.Equal(4, trials.Count);
        var gapThreshold = search["overfitGap"]!.GetValue<double>();
        foreach (var t in trials)
        {
            Assert.Equal("completed", t!["status"]!.GetValue<string>());
            var train = t["trainAccuracy"]!.GetValue<double>();
            var val = t["validationAccuracy"]!.GetValue<double>();
            var gap = t["accuracyGap"]!.GetValue<double>();
            Assert.Equal(train - val, gap, 9);
            Assert.Equal(gap > gapThreshold, t["overfit"]!.GetValue<bool>());
            Assert.InRange(t["initialLoss"]!.GetValue<double>(), 0.5, 3.0);
            Assert.True(t["durationSeconds"]!.GetValue<double>() > 0);
            Assert.NotNull(t["hyperparameters"]!["learningRate"]);
        }

        var best = search["bestTrial"]!;
        Assert.Equal(trials.Max(t => t!["validationAccuracy"]!.GetValue<double>()), best["validationAccuracy"]!.GetValue<double>());
        Assert.NotNull(search["testAccuracy"]);
        Assert.InRange(search["testAccuracy"]!.GetValue<double>(), 0, 1);
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

        var id = await Api.CreateSearchAsync(spec);
        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var trials = await Api.TrialsAsync(id);
        Assert.Equal(4, trials.Count);
        var points = trials.Select(t => (t!["hyperparameters"]!["learningRate"]!.GetValue<double>(), t["hyperparameters"]!["activation"]!.GetValue<string>())).ToHashSet();
        Assert.Equal(4, points.Count);
        Assert.Contains(points, p => Math.Abs(p.Item1 - 0.05) < 1e-9);
        Assert.Contains(points, p => Math.Abs(p.Item1 - 0.5) < 1e-9);
    }

    [Fact]
    public async Task CoarseToFine_CreatesStage2_WithRefinedRangesAndLongerTraining()
    {
        var spec = Specs.Random(trials: 6, epochs: 5, extra: """, "refine": { "stages": 2, "topK": 2, "trials": 3, "epochs": 15 }""");

        var id = await Api.CreateSearchAsync(spec);
        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var stages = search["stages"]!.AsArray();
        Assert.Equal(2, stages.Count);
        Assert.Equal(15, stages[1]!["epochs"]!.GetValue<int>());
        var coarse = stages[0]!["space"]!["learningRate"]!;
        var fine = stages[1]!["space"]!["learningRate"]!;
        double Span(JsonNode r) => Math.Log10(r["max"]!.GetValue<double>()) - Math.Log10(r["min"]!.GetValue<double>());
        var narrower = Span(fine) < Span(coarse);
        var moved = fine["min"]!.GetValue<double>() < coarse["min"]!.GetValue<double>() || fine["max"]!.GetValue<double>() > coarse["max"]!.GetValue<double>();
        Assert.True(narrower || moved, $"stage 2's learningRate range {fine.ToJsonString()} neither narrows nor moves from {coarse.ToJsonString()}");

        var fineTrials = await Api.TrialsAsync(id, "&stage=2");
        Assert.Equal(3, fineTrials.Count);
        foreach (var t in fineTrials)
        {
            var lr = t!["hyperparameters"]!["learningRate"]!.GetValue<double>();
            Assert.InRange(lr, fine["min"]!.GetValue<double>() * (1 - 1e-9), fine["max"]!.GetValue<double>() * (1 + 1e-9));
            Assert.Equal(15, t["epochs"]!.GetValue<int>());
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

        var id = await Api.CreateSearchAsync(spec);
        await Api.WaitForSearchAsync(id, Timeout);

        var trial = (await Api.TrialsAsync(id)).Single()!;
        Assert.True(trial["status"]!.GetValue<string>() == "completed", trial.ToJsonString());
        Assert.True(trial["accuracyGap"]!.GetValue<double>() > 0.1, trial.ToJsonString());
        Assert.True(trial["overfit"]!.GetValue<bool>());
        var overfitOnly = await Api.TrialsAsync(id, "&overfit=true");
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

        var id = await Api.CreateSearchAsync(spec);
        await Api.WaitForSearchAsync(id, Timeout);

        var trial = (await Api.TrialsAsync(id)).Single()!;
        Assert.Equal("diverged", trial["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(trial["error"]?.GetValue<string>()));
    }

    [Fact]
    public async Task Cancel_StopsTheSearch_AndNoTrialRunsAfterwards()
    {
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 40, epochs: 400));
        await Eventually.WaitAsync(() => Api.SearchAsync(id), s => s["progress"]!["running"]!.GetValue<int>() > 0, Timeout, "a running trial");

        var (status, body, _) = await Api.PostAsync($"/api/searches/{id}/cancel", "");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", body!["status"]!.GetValue<string>());
        var settled = await Eventually.WaitAsync(
            () => Api.TrialsAsync(id),
            ts => ts.All(t => t!["status"]!.GetValue<string>() is not ("running" or "queued")),
            TimeSpan.FromSeconds(15),
            "every trial to settle");
        Assert.Contains(settled, t => t!["status"]!.GetValue<string>() == "cancelled");
        Assert.Equal("cancelled", (await Api.SearchAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Comparison_RunsRandomAndGridOnTheSameBudget_AndShowsBothCurves()
    {
        var spec = """
            { "name": "rvg", "seed": 2, "budget": 4, "dataset": { "name": "spiral" }, "epochs": 10, "sanityChecks": false,
              "space": { "learningRate": { "min": 1e-2, "max": 1, "scale": "log" },
                         "regularization": { "min": 1e-5, "max": 1e-2, "scale": "log" }, "hiddenLayers": [32] } }
            """;

        var (status, created, response) = await Api.PostAsync("/api/comparisons", spec);
        Assert.Equal(HttpStatusCode.Created, status);
        var id = created!["id"]!.GetValue<string>();
        Assert.Equal($"/api/comparisons/{id}", response.Headers.Location!.ToString());

        var comparison = await Eventually.WaitAsync(() => Api.GetAsync($"/api/comparisons/{id}"), c => c["status"]!.GetValue<string>() == "completed", Timeout, "the comparison");

        var random = comparison["random"]!;
        var grid = comparison["grid"]!;
        Assert.Equal(4, random["trials"]!.GetValue<int>());
        Assert.Equal(4, grid["trials"]!.GetValue<int>());
        Assert.Equal(4, random["bestSoFar"]!.AsArray().Count);
        Assert.Equal(4, grid["bestSoFar"]!.AsArray().Count);
        // Random search tries a new value of every parameter in every trial; a 2×2 grid only two.
        Assert.Equal(4, random["distinctValues"]!["learningRate"]!.GetValue<int>());
        Assert.Equal(2, grid["distinctValues"]!["learningRate"]!.GetValue<int>());
        var curve = random["bestSoFar"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        Assert.Equal(curve.OrderBy(v => v), curve);
    }

    [Fact]
    public async Task SanityChecks_AreStoredAndShown()
    {
        // Seed 3: the spiral's three arms meet at the origin, and a split whose first 20 training rows hold
        // two near-coincident points of different classes cannot be fitted to 100 % by any small net.
        var spec = Specs.Random(trials: 1, epochs: 5).Replace("\"sanityChecks\": false", "\"sanityChecks\": true", StringComparison.Ordinal)
            .Replace("\"seed\": 7", "\"seed\": 3", StringComparison.Ordinal);
        var id = await Api.CreateSearchAsync(spec);
        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.True(search["sanityChecks"]!["passed"]!.GetValue<bool>(), search["sanityChecks"]!.ToJsonString());
        Assert.Equal(0, search["sanityChecks"]!["unchecked"]!.GetValue<int>());
        var sanity = Assert.Single(search["sanityChecks"]!["architectures"]!.AsArray())!;
        var initial = sanity["initialLoss"]!;
        Assert.Equal(Math.Log(3), initial["expected"]!.GetValue<double>(), 6);
        Assert.InRange(initial["loss"]!.GetValue<double>(), Math.Log(3) - 0.1, Math.Log(3) + 0.1);
        Assert.True(initial["risesWithRegularization"]!.GetValue<bool>());
        var overfit = sanity["overfitSmallSubset"]!;
        Assert.Equal(20, overfit["examples"]!.GetValue<int>());
        Assert.True(overfit["passed"]!.GetValue<bool>(), sanity.ToJsonString());
    }

    [Fact]
    public async Task TrialDetail_HasLearningCurvesAndLayerDiagnostics()
    {
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 6));
        await Api.WaitForSearchAsync(id, Timeout);
        var trialId = (await Api.TrialsAsync(id)).Single()!["id"]!.GetValue<string>();

        var detail = await Api.GetAsync($"/api/trials/{trialId}");

        var epochs = detail["epochs"]!.AsArray();
        Assert.Equal(6, epochs.Count);
        Assert.Equal(Enumerable.Range(1, 6), epochs.Select(e => e!["epoch"]!.GetValue<int>()));
        var last = epochs[^1]!;
        Assert.Equal(detail["trial"]!["validationAccuracy"]!.GetValue<double>(), last["validationAccuracy"]!.GetValue<double>(), 9);
        var layers = detail["diagnostics"]!.AsArray();
        Assert.NotEmpty(layers);
        Assert.All(layers, l => Assert.InRange(l!["deadFraction"]!.GetValue<double>(), 0, 1));
    }
}

public sealed class SqliteSearchLifecycleTests : SearchLifecycleTests;

public sealed class PostgresSearchLifecycleTests : SearchLifecycleTests
{
    protected override bool UsePostgres => true;
}
