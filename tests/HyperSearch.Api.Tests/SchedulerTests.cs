using System.Net;
using System.Text.Json.Nodes;
using HyperSearch.Client.Api.Searches.Item.Trials;
using HyperSearch.Client.Models;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Adaptive scheduling end to end, on SQLite and on PostgreSQL: ASHA promotes the best configurations
/// of each rung and resumes them from their checkpoints (each epoch trained once), the rest end pruned;
/// median stopping ends losing trials early; bad scheduler specs are 400s naming the field.
/// </summary>
public abstract class SchedulerTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static string Spec(int trials, string scheduler, string epochs = "") => $$"""
        { "name": "scheduled", "seed": 5, "dataset": { "name": "spiral" }, "strategy": "random", "trials": {{trials}}, {{epochs}}
          "sanityChecks": false, "scheduler": {{scheduler}},
          "space": { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": { "values": [[16], [64]] }, "batchSize": 64 } }
        """;

    [Fact]
    public async Task Asha_PromotesTheBestPerRung_ResumesThem_AndPrunesTheRest()
    {
        var id = await Client.CreateSearchAsync(Spec(9, """{ "kind": "asha", "minEpochs": 1, "maxEpochs": 9, "reduction": 3 }"""));

        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        var trials = await Client.TrialsAsync(id);
        Assert.Equal(9, trials.Count);
        var byStatus = trials.GroupBy(t => t.Status!.Value).ToDictionary(g => g.Key, g => g.ToList());
        var statuses = string.Join(", ", trials.Select(t => $"{t.Status} after {t.EpochsTrained}"));
        Assert.True(byStatus.ContainsKey(TrialStatus.Pruned), statuses);
        Assert.True(byStatus.ContainsKey(TrialStatus.Completed), statuses);
        Assert.DoesNotContain(TrialStatus.Paused, byStatus.Keys);
        Assert.DoesNotContain(TrialStatus.Failed, byStatus.Keys);
        foreach (var t in trials)
        {
            // Trials are deterministic, but which ones are promoted depends on the finishing order; one that
            // diverges in a later leg ends there, so only the others must sit exactly on a rung.
            var trained = t.EpochsTrained!.Value;
            if (t.Status != TrialStatus.Diverged)
            {
                Assert.Contains(trained, new[] { 1, 3, 9 });
                Assert.Equal(t.Status == TrialStatus.Completed, trained == 9);
                Assert.NotNull(t.ValidationAccuracy);
            }

            // A promoted trial's curve continues where it paused: epochs 1..N, each once.
            var detail = await Client.TrialAsync(t.Id!.Value);
            Assert.Equal(Enumerable.Range(1, trained), detail.Epochs!.Select(e => e.Epoch!.Value));
        }

        // Rung 0: all nine. Asynchrony lets a rung promote more than its top third: arrivals in rising order
        // promote 1 at the 3rd, 3 at the 6th and 6 at the 9th (Li et al.'s mispromotions), so at most 6.
        var rungs = search.Stages![0].Rungs!;
        Assert.Equal([1, 3], rungs.Select(r => r.Epochs!.Value));
        Assert.Equal(9, rungs[0].Reached);
        Assert.InRange(rungs[0].Promoted!.Value, 1, 6);
        Assert.InRange(rungs[1].Reached!.Value, 1, rungs[0].Promoted!.Value);
        var epochsSpent = trials.Sum(t => t.EpochsTrained!.Value);
        Assert.True(epochsSpent < 9 * 9 / 2, $"ASHA spent {epochsSpent} epochs"); // the worst order spends 9 + 6·2 + 3·6 = 39
        Assert.Equal(byStatus[TrialStatus.Pruned].Count, (await Client.TrialsAsync(id, q => q.Status = GetStatusQueryParameterType.Pruned)).Count);
        Assert.Equal(byStatus[TrialStatus.Pruned].Count, search.Progress!.Pruned);
        Assert.NotNull(search.TestAccuracy);
        Assert.Equal(Scheduler_kind.Asha, search.Stages[0].Scheduler!.Kind);
    }

    [Fact]
    public async Task Asha_WithAnEpochBudget_StartsConfigurationsUntilItIsSpent_AndNeverTrainsMore()
    {
        // 30 configurations may start, but the stage trains 21 epochs at most (the least that can reach 9 epochs:
        // 9 + 3·2 + 1·6): the rest end pruned, untrained.
        var id = await Client.CreateSearchAsync(Spec(30, """{ "kind": "asha", "minEpochs": 1, "maxEpochs": 9, "reduction": 3, "epochBudget": 21 }"""));

        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        Assert.Equal(21, Assert.IsType<AshaScheduler>(search.Stages![0].Scheduler).EpochBudget);
        var trials = await Client.TrialsAsync(id);
        Assert.Equal(30, trials.Count);
        var spent = trials.Sum(t => t.EpochsTrained!.Value);
        Assert.InRange(spent, 11, 21);
        var notStarted = trials.Where(t => t.Error?.StartsWith("not started: the stage's epoch budget of 21 is spent", StringComparison.Ordinal) == true).ToList();
        Assert.InRange(notStarted.Count, 9, 29); // at most 21 one-epoch first rungs fit
        Assert.All(notStarted, t => Assert.Equal((TrialStatus.Pruned, 0), (t.Status, t.EpochsTrained)));
        Assert.DoesNotContain(trials, t => t.Status is TrialStatus.Queued or TrialStatus.Running or TrialStatus.Paused);
        Assert.Empty((await Client.TrialAsync(notStarted[0].Id!.Value)).Epochs!);
        Assert.Equal(30 - notStarted.Count, search.Stages![0].Rungs![0].Reached);
    }

    [Fact]
    public async Task Asha_ATrialThatDiverges_IsCountedAtTheRungItWasTrainingFor()
    {
        // lr 9 diverges in the first batches: those trials end diverged, and rung 0 still counts them
        // (ranked last), so the top third is a third of every configuration, not only of those that trained.
        var spec = """
            { "name": "diverging", "seed": 5, "dataset": { "name": "spiral" }, "strategy": "random", "trials": 9, "sanityChecks": false,
              "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 9, "reduction": 3 },
              "space": { "learningRate": { "values": [0.05, 9] }, "hiddenLayers": [16], "batchSize": 64 } }
            """;
        var id = await Client.CreateSearchAsync(spec);

        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        var trials = await Client.TrialsAsync(id);
        var diverged = trials.Where(t => t.Status == TrialStatus.Diverged).ToList();
        Assert.NotEmpty(diverged);
        Assert.All(diverged, t => Assert.Equal(0, t.Rung));
        var rungs = search.Stages![0].Rungs!;
        Assert.Equal(9, rungs[0].Reached);
    }

    [Fact]
    public async Task Median_StopsTrialsBelowTheMedian_WithTheEpochAndReason()
    {
        // Learning rates from 1e-3 (barely moves in 10 epochs) to 1: the slow ones fall below the median.
        var id = await Client.CreateSearchAsync(Spec(10, """{ "kind": "median", "warmupEpochs": 2, "minTrials": 3 }""", "\"epochs\": 10,"));

        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        var pruned = await Client.TrialsAsync(id, q => q.Status = GetStatusQueryParameterType.Pruned);
        Assert.NotEmpty(pruned);
        foreach (var t in pruned)
        {
            var trained = t.EpochsTrained!.Value;
            Assert.InRange(trained, 2, 9);
            Assert.Contains($"median stopping at epoch {trained}", t.Error, StringComparison.Ordinal);
        }

        Assert.All(await Client.TrialsAsync(id, q => q.Status = GetStatusQueryParameterType.Completed), t => Assert.Equal(10, t.EpochsTrained));
    }

    [Theory]
    [InlineData("""{ "kind": "asha", "minEpochs": 5, "maxEpochs": 3 }""", "", "scheduler.minEpochs")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "reduction": 1 }""", "", "scheduler.reduction")]
    [InlineData("""{ "kind": "hyperband" }""", "", "scheduler.kind")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "eta": 3 }""", "", "scheduler.eta")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9 }""", "\"epochs\": 5,", "scheduler.maxEpochs")]
    [InlineData("""{ "kind": "median", "minTrials": 0 }""", "", "scheduler.minTrials")]
    [InlineData("""{ "kind": "asha", "minEpochs": 2, "maxEpochs": 9, "epochBudget": 1 }""", "", "scheduler.epochBudget")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "epochBudget": -5 }""", "", "scheduler.epochBudget")]
    [InlineData("\"asha\"", "", "scheduler")]
    public async Task BadScheduler_Is400_NamingTheField(string scheduler, string epochs, string field)
    {
        var (status, body, _) = await Api.PostAsync("/api/searches", Spec(9, scheduler, epochs));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body!["errors"]![field] is JsonArray, body.ToJsonString());
    }

    [Fact]
    public async Task Comparison_WithAnAshaArm_RunsThreeArmsOnTheSameEpochBudget()
    {
        var spec = """
            { "name": "arms", "seed": 3, "budget": 4, "dataset": { "name": "spiral" }, "epochs": 9, "sanityChecks": false,
              "space": { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": [32] },
              "arms": [ { "strategy": "random", "scheduler": { "kind": "asha", "reduction": 3 } } ] }
            """;

        var comparison = await CompletedComparisonAsync(spec);

        var arms = comparison.Arms!;
        Assert.Equal(["random", "grid", "random+asha"], arms.Select(a => a.Name));
        var budget = 4 * 9;
        Assert.Equal(budget, arms[0].EpochsSpent);
        var asha = arms[2];
        Assert.True(asha.Trials > 4, $"{asha.Trials} trials"); // the same compute starts more configurations
        // The arm trains within the comparison's budget itself (its epochBudget), so asynchrony's extra
        // promotions (Li et al.'s mispromotions) cannot overrun it; what is reported is what was spent.
        var ashaSearch = await Client.SearchAsync(asha.Search!.Id!.Value);
        Assert.Equal(budget, Assert.IsType<AshaScheduler>(ashaSearch.Stages![0].Scheduler).EpochBudget);
        var ashaTrials = await Client.TrialsAsync(asha.Search!.Id!.Value);
        var spent = ashaTrials.Sum(t => t.EpochsTrained!.Value);
        Assert.Equal(spent, asha.EpochsSpent);
        Assert.InRange(spent, 1, budget);
        var effort = asha.BestByEffort!;
        Assert.Equal(asha.EpochsSpent, effort[^1].Epochs);
        var best = effort.Select(p => p.BestSoFar!.Value).ToList();
        Assert.Equal(best.Order(), best);
        Assert.Equal(comparison.Random!.Search!.Id, arms[0].Search!.Id);
    }

    [Fact]
    public async Task Comparison_WithATpeArm_ProposesFromResults_OnTheSameBudget()
    {
        // 14 trials: TPE's 10 random startup draws, then 4 proposed from the results as workers take them.
        var spec = """
            { "name": "tpe arm", "seed": 3, "budget": 14, "dataset": { "name": "spiral" }, "epochs": 2, "sanityChecks": false,
              "space": { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": [32] },
              "arms": [ { "strategy": "tpe" } ] }
            """;

        var comparison = await CompletedComparisonAsync(spec);

        var arms = comparison.Arms!;
        Assert.Equal(["random", "grid", "tpe"], arms.Select(a => a.Name));
        var tpe = arms[2];
        Assert.Equal(14 * 2, tpe.EpochsSpent);
        var search = await Client.SearchAsync(tpe.Search!.Id!.Value);
        Assert.Equal(SearchResponse_strategy.Tpe, search.Strategy);
        var trials = await Client.TrialsAsync(search.Id!.Value);
        Assert.Equal(14, trials.Count);
        Assert.All(trials, t => Assert.InRange(t.Hyperparameters!.LearningRate!.Value, 1e-3, 1));
    }

    [Theory]
    [InlineData("""[ { "strategy": "grid" } ]""", "arms[0].strategy")]
    [InlineData("""[ { "strategy": "bayes" } ]""", "arms[0].strategy")]
    [InlineData("""[ { "scheduler": { "kind": "asha", "maxEpochs": 27 } } ]""", "arms[0].scheduler.maxEpochs")]
    [InlineData("""[ { "scheduler": { "kind": "nope" } } ]""", "arms[0].scheduler.kind")]
    [InlineData("""[ { "scheduler": { "kind": "asha", "epochBudget": 20 } } ]""", "arms[0].scheduler.epochBudget")]
    [InlineData("""[ {}, {} ]""", "arms")]
    [InlineData("""{ "strategy": "random" }""", "arms")]
    public async Task BadArms_Are400_NamingTheField(string arms, string field)
    {
        var spec = $$"""{ "budget": 4, "dataset": "spiral", "epochs": 9, "arms": {{arms}} }""";

        var (status, body, _) = await Api.PostAsync("/api/comparisons", spec);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body!["errors"]![field] is JsonArray, body.ToJsonString());
    }

    [Fact]
    public async Task AComparisonBudgetOnWhichAnAshaArmCanReachNoTopRung_Is400_NamingTheBudget()
    {
        // 2 trials × 9 epochs = 18 epochs: ASHA 1-3-9 needs 21 (9 first rungs, 3 continued to 3, 1 to 9).
        var spec = """
            { "budget": 2, "dataset": { "name": "spiral" }, "epochs": 9, "sanityChecks": false,
              "space": { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": [32] },
              "arms": [ { "strategy": "random", "scheduler": { "kind": "asha", "reduction": 3 } } ] }
            """;

        var (status, body, _) = await Api.PostAsync("/api/comparisons", spec);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = body!["errors"]!["budget"]![0]!.GetValue<string>();
        Assert.Contains("18 epochs", message, StringComparison.Ordinal);
        Assert.Contains("at least 21 epochs", message, StringComparison.Ordinal);
    }

    private async Task<ComparisonResponse> CompletedComparisonAsync(string spec)
    {
        var id = (await Client.Connection.SubmitComparisonAsync(spec)).Id!.Value;
        return await Eventually.WaitAsync(
            async () => (await Client.Client.Api.Comparisons[id].GetAsync())!,
            c => c.Status == ComparisonResponse_status.Completed,
            Timeout,
            "the comparison");
    }

    [Fact]
    public async Task Asha_WithFewerTrialsThanTheReduction_Is400()
    {
        var (status, body, _) = await Api.PostAsync("/api/searches", Spec(2, """{ "kind": "asha", "maxEpochs": 9, "reduction": 3 }"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body!["errors"]!["scheduler.reduction"] is JsonArray, body.ToJsonString());
    }
}

public sealed class SqliteSchedulerTests : SchedulerTests;

public sealed class PostgresSchedulerTests : SchedulerTests
{
    protected override bool UsePostgres => true;
}
