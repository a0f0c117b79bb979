using System.Net;
using System.Text.Json.Nodes;
using HyperSearch.Client.Models;
using SearchSpace = HyperSearch.Search.SearchSpace;
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
        var id = await Client.CreateSearchAsync(Spec("""
            "trials": 14, "epochs": 2, "tpe": { "startupTrials": 5 }, "refine": { "stages": 2, "trials": 6, "epochs": 3 }
            """));

        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        var trials = await Client.TrialsAsync(id);
        Assert.Equal(20, trials.Count);
        var random = new RandomSampler(Seeds.ForStage(21, 1)).Sample(SearchSpace.Parse(SpaceJson), 14);
        var stage1 = trials.Where(t => t.Stage == 1).OrderBy(t => t.Index).ToList();
        for (var i = 0; i < stage1.Count; i++)
        {
            var lr = stage1[i].Hyperparameters!.LearningRate!.Value;
            if (i < 5)
            {
                Assert.Equal(random[i].Get(Parameters.LearningRate), lr);
            }
        }

        Assert.Contains(stage1.Skip(5), t => t.Hyperparameters!.LearningRate!.Value != random[t.Index!.Value].Get(Parameters.LearningRate));
        foreach (var t in trials)
        {
            var hp = t.Hyperparameters!;
            Assert.True(hp.LearningRate is not null, $"trial {t.Stage}/{t.Index} has no learningRate");
            Assert.Equal(hp.Optimizer == Hyperparameters_optimizer.Sgd_momentum, hp.Momentum is not null);
            Assert.NotEqual(TrialStatus.Failed, t.Status);
        }

        Assert.Equal(6, trials.Count(t => t.Stage == 2));
        Assert.NotNull(search.BestTrial);
    }

    [Fact]
    public async Task Tpe_WithAsha_ProposesNewConfigurations_AndPrunes()
    {
        var id = await Client.CreateSearchAsync(Spec("""
            "trials": 12, "epochs": 9, "tpe": { "startupTrials": 4 }, "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 9, "reduction": 3 }
            """));

        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        var trials = await Client.TrialsAsync(id);
        Assert.Equal(12, trials.Count);
        Assert.Contains(trials, t => t.Status == TrialStatus.Pruned);
        Assert.All(trials, t => Assert.NotNull(t.Hyperparameters!.LearningRate));
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
