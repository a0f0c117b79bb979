using System.Net;
using System.Text.Json.Nodes;
using HyperSearch.Core;
using HyperSearch.Search;

namespace HyperSearch.Api.Tests;

/// <summary>
/// "strategy": "tpe" end to end, on SQLite and PostgreSQL: stage 1's startup trials are the random
/// sampler's draws, every later trial is proposed when a worker takes it (so it differs from the random
/// plan), conditional parameters appear only where they apply, and it composes with coarse→fine and ASHA.
/// </summary>
public abstract class TpeSearchTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    private const string SpaceJson = """
        { "learningRate": { "min": 1e-3, "max": 1, "scale": "log" }, "optimizer": { "values": ["sgd_momentum", "adam"] },
          "momentum": { "min": 0.8, "max": 0.99 }, "hiddenLayers": { "values": [[16], [32]] }, "batchSize": 64 }
        """;

    private static string Spec(string extra) => $$"""
        { "name": "tpe", "seed": 21, "dataset": { "name": "spiral" }, "strategy": "tpe", "sanityChecks": false,
          "space": {{SpaceJson}}, {{extra}} }
        """;

    [Fact]
    public async Task Tpe_ProposesEveryTrialAfterTheStartup_FromResults_ThroughCoarseToFine()
    {
        var id = await Api.CreateSearchAsync(Spec("""
            "trials": 14, "epochs": 2, "tpe": { "startupTrials": 5 }, "refine": { "stages": 2, "trials": 6, "epochs": 3 }
            """));

        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var trials = await Api.TrialsAsync(id);
        Assert.Equal(20, trials.Count);
        var random = new RandomSampler(Seeds.ForStage(21, 1)).Sample(SearchSpace.Parse(SpaceJson), 14);
        var stage1 = trials.Where(t => t!["stage"]!.GetValue<int>() == 1).OrderBy(t => t!["index"]!.GetValue<int>()).ToList();
        for (var i = 0; i < stage1.Count; i++)
        {
            var lr = stage1[i]!["hyperparameters"]!["learningRate"]!.GetValue<double>();
            if (i < 5)
            {
                Assert.Equal(random[i].Get(Parameters.LearningRate), lr);
            }
        }

        Assert.Contains(stage1.Skip(5), t => t!["hyperparameters"]!["learningRate"]!.GetValue<double>() != random[t["index"]!.GetValue<int>()].Get(Parameters.LearningRate));
        foreach (var t in trials)
        {
            var hp = t!["hyperparameters"]!.AsObject();
            Assert.True(hp.ContainsKey("learningRate"), t.ToJsonString());
            Assert.Equal(hp["optimizer"]!.GetValue<string>() == "sgd_momentum", hp.ContainsKey("momentum"));
            Assert.NotEqual("failed", t["status"]!.GetValue<string>());
        }

        Assert.Equal(6, trials.Count(t => t!["stage"]!.GetValue<int>() == 2));
        Assert.NotNull(search["bestTrial"]);
    }

    [Fact]
    public async Task Tpe_WithAsha_ProposesNewConfigurations_AndPrunes()
    {
        var id = await Api.CreateSearchAsync(Spec("""
            "trials": 12, "epochs": 9, "tpe": { "startupTrials": 4 }, "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 9, "reduction": 3 }
            """));

        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var trials = await Api.TrialsAsync(id);
        Assert.Equal(12, trials.Count);
        Assert.Contains(trials, t => t!["status"]!.GetValue<string>() == "pruned");
        Assert.All(trials, t => Assert.True(t!["hyperparameters"]!.AsObject().ContainsKey("learningRate")));
    }

    [Theory]
    [InlineData("\"strategy\": \"tpe\", \"tpe\": { \"startupTrials\": 0 }", "tpe.startupTrials")]
    [InlineData("\"strategy\": \"tpe\", \"tpe\": { \"gammaFraction\": 2 }", "tpe.gammaFraction")]
    [InlineData("\"strategy\": \"tpe\", \"tpe\": { \"startup\": 3 }", "tpe.startup")]
    [InlineData("\"strategy\": \"tpe\", \"tpe\": [1]", "tpe")]
    [InlineData("\"strategy\": \"random\", \"tpe\": { \"startupTrials\": 3 }", "tpe")]
    public async Task BadTpeSettings_Are400_NamingTheField(string fields, string field)
    {
        var spec = $$"""{ "dataset": "spiral", {{fields}}, "space": { "learningRate": { "min": 1e-3, "max": 1 } } }""";

        var (status, body, _) = await Api.PostAsync("/api/searches", spec);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body!["errors"]![field] is JsonArray, body.ToJsonString());
    }
}

public sealed class SqliteTpeSearchTests : TpeSearchTests;

public sealed class PostgresTpeSearchTests : TpeSearchTests
{
    protected override bool UsePostgres => true;
}
