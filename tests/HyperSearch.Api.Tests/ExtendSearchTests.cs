using System.Net;
using System.Text.Json.Nodes;
using HyperSearch.Core;
using HyperSearch.Search;

namespace HyperSearch.Api.Tests;

/// <summary>
/// POST /api/searches/{id}/stages and "warmStart" end to end with workers, on SQLite and PostgreSQL: an added
/// stage runs and the search completes again with the new best and test accuracy; TPE in an added stage and in
/// a warm-started search learns from the earlier trials; concurrent extensions get distinct stage numbers; a
/// warm start moves the refined ranges of a random search.
/// </summary>
public abstract class ExtendSearchTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private const string Space = """
        { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": { "values": [[16], [32]] }, "batchSize": 64 }
        """;

    private static string Spec(int trials, int epochs, string extra = "") => $$"""
        { "name": "extend", "seed": 5, "dataset": { "name": "spiral" }, "strategy": "random", "sanityChecks": false,
          "trials": {{trials}}, "epochs": {{epochs}}, "space": {{Space}} {{extra}} }
        """;

    [Fact]
    public async Task ExtendingACompletedSearch_AddsExactlyOneStage_AndCompletesItAgain()
    {
        var id = await Api.CreateSearchAsync(Spec(4, 2));
        var first = await Api.WaitForSearchAsync(id, Timeout);
        Assert.Equal("completed", first["status"]!.GetValue<string>());
        var firstCompletedAt = first["completedAt"]!.GetValue<DateTimeOffset>();

        var (status, body, response) = await Api.PostAsync($"/api/searches/{id}/stages", """{ "trials": 3, "epochs": 4 }""");

        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal($"/api/searches/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("running", body!["status"]!.GetValue<string>());
        Assert.Equal(2, body["stageCount"]!.GetValue<int>());
        Assert.Null(body["testAccuracy"]);
        var search = await Api.WaitForSearchAsync(id, Timeout);
        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var stages = search["stages"]!.AsArray();
        Assert.Equal([1, 2], stages.Select(s => s!["stage"]!.GetValue<int>()));
        Assert.Equal(3, stages[1]!["trials"]!.GetValue<int>());
        Assert.Equal(4, stages[1]!["epochs"]!.GetValue<int>());
        Assert.True(stages[1]!["added"]!.GetValue<bool>());
        Assert.Equal("random", stages[1]!["strategy"]!.GetValue<string>());
        Assert.False(stages[0]!["added"]!.GetValue<bool>());
        // Refined from stage 1's best trials: the learning-rate range is inside the first one and narrower.
        var lr = stages[1]!["space"]!["learningRate"]!;
        Assert.True(lr["min"]!.GetValue<double>() >= 1e-3 && lr["max"]!.GetValue<double>() <= 1, lr.ToJsonString());
        var trials = await Api.TrialsAsync(id);
        Assert.Equal(7, trials.Count);
        Assert.Equal(3, trials.Count(t => t!["stage"]!.GetValue<int>() == 2 && t["epochs"]!.GetValue<int>() == 4));
        Assert.All(trials, t => Assert.Contains(t!["status"]!.GetValue<string>(), new[] { "completed", "diverged" }));
        Assert.Equal(7, search["progress"]!["total"]!.GetValue<int>());
        Assert.True(search["completedAt"]!.GetValue<DateTimeOffset>() >= firstCompletedAt);
        var best = trials.Where(t => t!["validationAccuracy"] is not null).Max(t => t!["validationAccuracy"]!.GetValue<double>());
        Assert.Equal(best, search["bestTrial"]!["validationAccuracy"]!.GetValue<double>());
        Assert.NotNull(search["testAccuracy"]);
        Assert.Single(search["spec"]!["extensions"]!.AsArray());
    }

    [Fact]
    public async Task AnAddedTpeStage_ProposesFromEveryEarlierTrial_NotTheStartupDraws()
    {
        var id = await Api.CreateSearchAsync(Spec(12, 2));
        await Api.WaitForSearchAsync(id, Timeout);

        var (status, body, _) = await Api.PostAsync($"/api/searches/{id}/stages", """
            { "strategy": "tpe", "trials": 4, "epochs": 2, "space": { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": [16], "batchSize": 64 } }
            """);

        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        var search = await Api.WaitForSearchAsync(id, Timeout);
        Assert.Equal("completed", search["status"]!.GetValue<string>());
        Assert.Equal("tpe", search["stages"]![1]!["strategy"]!.GetValue<string>());
        var added = (await Api.TrialsAsync(id, "&stage=2")).OrderBy(t => t!["index"]!.GetValue<int>()).ToList();
        Assert.Equal(4, added.Count);
        // With no history TPE's first StartupTrials (10) trials are the random sampler's draws for the stage's
        // seed; stage 1's 12 finished trials are history, so every added trial is the model's proposal.
        var space = SearchSpace.Parse(search["stages"]![1]!["space"]!.ToJsonString());
        var startup = new RandomSampler(Seeds.ForStage(5, 2)).Sample(space, 4);
        for (var i = 0; i < added.Count; i++)
        {
            Assert.NotEqual(startup[i].Get(Parameters.LearningRate), added[i]!["hyperparameters"]!["learningRate"]!.GetValue<double>());
        }
    }

    [Fact]
    public async Task ConcurrentExtensions_AddTwoStagesWithDistinctNumbers()
    {
        var id = await Api.CreateSearchAsync(Spec(3, 1));
        await Api.WaitForSearchAsync(id, Timeout);

        var answers = await Task.WhenAll(
            Api.PostAsync($"/api/searches/{id}/stages", """{ "trials": 2, "epochs": 1 }"""),
            Api.PostAsync($"/api/searches/{id}/stages", """{ "trials": 3, "epochs": 1 }"""));

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Created, a.Body?.ToJsonString()));
        var search = await Eventually.WaitAsync(
            () => Api.SearchAsync(id),
            s => s["status"]!.GetValue<string>() == "completed" && s["stages"]!.AsArray().Count == 3,
            Timeout,
            "both added stages to run");
        Assert.Equal(3, search["stageCount"]!.GetValue<int>());
        var stages = search["stages"]!.AsArray();
        Assert.Equal([1, 2, 3], stages.Select(s => s!["stage"]!.GetValue<int>()));
        Assert.Equal([2, 3], stages.Skip(1).Select(s => s!["trials"]!.GetValue<int>()).Order());
        var trials = await Api.TrialsAsync(id);
        Assert.Equal(8, trials.Count);
        Assert.Equal(8, trials.Select(t => (t!["stage"]!.GetValue<int>(), t["index"]!.GetValue<int>())).Distinct().Count());
        Assert.DoesNotContain(trials, t => t!["status"]!.GetValue<string>() is "queued" or "running");
    }

    [Fact]
    public async Task ExtendingARunningSearch_AppendsAfterItsRefinedStages()
    {
        var id = await Api.CreateSearchAsync(Spec(4, 3, """, "refine": { "stages": 2, "trials": 3, "epochs": 3 }"""));

        var (status, body, _) = await Api.PostAsync($"/api/searches/{id}/stages", """{ "trials": 2, "epochs": 2 }""");

        Assert.True(status == HttpStatusCode.Created, body?.ToJsonString());
        Assert.Equal(3, body!["stageCount"]!.GetValue<int>());
        var search = await Eventually.WaitAsync(
            () => Api.SearchAsync(id),
            s => s["status"]!.GetValue<string>() is "completed" or "failed" && s["stages"]!.AsArray().Count >= 2,
            Timeout,
            "the search to complete");
        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var stages = search["stages"]!.AsArray();
        Assert.Equal([false, false, true], stages.Select(s => s!["added"]!.GetValue<bool>()));
        Assert.Equal([4, 3, 2], stages.Select(s => s!["trials"]!.GetValue<int>()));
        Assert.Equal(9, (await Api.TrialsAsync(id)).Count);
    }

    [Fact]
    public async Task CancelledSearch_Is409()
    {
        var id = await Api.CreateSearchAsync(Spec(3, 50));
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.PostAsync($"/api/searches/{id}/cancel", null)).StatusCode);

        var (status, body, response) = await Api.PostAsync($"/api/searches/{id}/stages", """{ "trials": 2 }""");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(409, body!["status"]!.GetValue<int>());
        var search = await Api.SearchAsync(id);
        Assert.Equal("cancelled", search["status"]!.GetValue<string>());
        Assert.Equal(1, search["stageCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task WarmStartedTpe_UsesTheEarlierTrialsAsHistory_FromTheFirstTrial()
    {
        var earlier = await Api.CreateSearchAsync(Spec(10, 2));
        await Api.WaitForSearchAsync(earlier, Timeout);
        var tpe = $$"""
            { "name": "warm", "seed": 8, "dataset": "spiral", "strategy": "tpe", "sanityChecks": true, "trials": 3, "epochs": 2,
              "tpe": { "startupTrials": 5 }, "space": {{Space}}, "warmStart": { "searchId": "{{earlier}}" } }
            """;

        var id = await Api.CreateSearchAsync(tpe);

        var search = await Api.WaitForSearchAsync(id, Timeout);
        Assert.Equal("completed", search["status"]!.GetValue<string>());
        Assert.NotNull(search["sanityChecks"]);
        var trials = (await Api.TrialsAsync(id)).OrderBy(t => t!["index"]!.GetValue<int>()).ToList();
        var startup = new RandomSampler(Seeds.ForStage(8, 1)).Sample(SearchSpace.Parse(Space), 3);
        for (var i = 0; i < trials.Count; i++)
        {
            Assert.NotEqual(startup[i].Get(Parameters.LearningRate), trials[i]!["hyperparameters"]!["learningRate"]!.GetValue<double>());
        }

        Assert.Equal(earlier, search["spec"]!["warmStart"]!["searchId"]!.GetValue<string>());
    }

    [Fact]
    public async Task WarmStart_ShapesTheRefinedRangesOfARandomSearch()
    {
        // The earlier search tried only the middle of the range, where spiral learns well: a warm start's refined
        // stage differs from the same search's without it.
        var earlier = await Api.CreateSearchAsync("""
            { "seed": 3, "dataset": "spiral", "trials": 6, "epochs": 2, "sanityChecks": false,
              "space": { "learningRate": { "min": 0.03, "max": 0.3, "scale": "log" }, "hiddenLayers": [32], "batchSize": 64 } }
            """);
        await Api.WaitForSearchAsync(earlier, Timeout);
        string Refined(string extra) => $$"""
            { "seed": 4, "dataset": "spiral", "trials": 3, "epochs": 2, "sanityChecks": false,
              "space": { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "hiddenLayers": [32], "batchSize": 64 },
              "refine": { "stages": 2, "topK": 3, "trials": 2, "epochs": 2 } {{extra}} }
            """;

        var cold = await Api.WaitForSearchAsync(await Api.CreateSearchAsync(Refined("")), Timeout);
        var warm = await Api.WaitForSearchAsync(await Api.CreateSearchAsync(Refined($$""", "warmStart": { "searchId": "{{earlier}}" }""")), Timeout);

        Assert.Equal("completed", warm["status"]!.GetValue<string>());
        Assert.Equal(cold["stages"]![0]!["space"]!.ToJsonString(), warm["stages"]![0]!["space"]!.ToJsonString());
        Assert.NotEqual(cold["stages"]![1]!["space"]!["learningRate"]!.ToJsonString(), warm["stages"]![1]!["space"]!["learningRate"]!.ToJsonString());
    }
}

public sealed class SqliteExtendSearchTests : ExtendSearchTests;

public sealed class PostgresExtendSearchTests : ExtendSearchTests
{
    protected override bool UsePostgres => true;
}
