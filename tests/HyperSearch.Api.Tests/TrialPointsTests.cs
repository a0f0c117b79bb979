using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using HyperSearch.Client.Api.Searches.Item.Trials;
using HyperSearch.Client.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace HyperSearch.Api.Tests;

/// <summary>
/// <c>GET /api/searches/{id}/points</c>: one compact row per trial, equal to what <c>/trials</c> says
/// about the same trial, across the store's 1,000-row pages. On SQLite and on PostgreSQL (jsonb
/// reorders the hyperparameters' keys).
/// </summary>
public abstract class TrialPointsTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task CompletedSearch_PointsEqualTheTrials()
    {
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 4, epochs: 10));
        await Client.WaitForSearchAsync(id, Timeout);

        var trials = await Client.TrialsAsync(id);
        var points = await PointsAsync(id);

        Assert.Equal(4, points.Count);
        await AssertSameAsync(trials, points);
        Assert.All(points, p => Assert.NotNull(p.ValidationAccuracy));
    }

    [Fact]
    public async Task ManyTrials_EveryTrialHasOnePoint_AcrossPages()
    {
        // 2,500 trials: three store pages. Cancelled at once, so the statuses stop changing.
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 2500, epochs: 1));
        Assert.Equal(SearchStatus.Cancelled, (await Client.Client.Api.Searches[id].Cancel.PostAsync())!.Status);

        var trials = new List<TrialResponse>();
        for (var offset = 0; offset < 2500; offset += 1000)
        {
            trials.AddRange(await Client.TrialsAsync(id, q =>
            {
                q.Offset = offset;
                q.Sort = GetSortQueryParameterType.Index;
            }));
        }

        var points = await PointsAsync(id);

        Assert.Equal(2500, trials.Count);
        Assert.Equal(2500, points.Count);
        await AssertSameAsync(trials, points);
        Assert.Equal(2500, points.Select(p => p.Id).Distinct().Count());
        Assert.All(points, p => Assert.InRange(p.LearningRate!.Value, 1e-2, 1));
        Assert.All(points, p => Assert.InRange(p.Regularization!.Value, 1e-5, 1e-2));
    }

    [Fact]
    public async Task ConditionalParameters_AppearOnlyWhereActive()
    {
        // momentum applies under sgd_momentum only: a point of an adam trial has no momentum.
        const string space = """
            { "learningRate": { "min": 1e-2, "max": 0.5, "scale": "log" }, "optimizer": { "values": ["adam", "sgd_momentum"] },
              "momentum": { "min": 0.8, "max": 0.95 }, "hiddenLayers": [16], "batchSize": 64 }
            """;
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 8, epochs: 1, space: space));
        await Client.WaitForSearchAsync(id, Timeout);

        var parameters = new List<JsonObject>();
        foreach (var p in await PointsAsync(id))
        {
            parameters.Add(await JsonAsync(p.Parameters!));
        }

        Assert.Contains(parameters, p => p["optimizer"]!.GetValue<string>() == "adam");
        Assert.Contains(parameters, p => p["optimizer"]!.GetValue<string>() == "sgd_momentum");
        Assert.All(parameters, p => Assert.Equal(p["optimizer"]!.GetValue<string>() == "sgd_momentum", p.ContainsKey("momentum")));
        Assert.All(parameters, p => Assert.False(p.ContainsKey("hiddenLayers")));
    }

    [Fact]
    public async Task UnknownSearch_Is404Problem()
    {
        using var response = await Api.Http.GetAsync($"/api/searches/{Guid.NewGuid()}/points");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, (await Api.ReadJsonAsync(response))["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task OpenApi_DescribesTheEndpoint()
    {
        var doc = await Api.GetAsync("/openapi/v1.json");

        var get = doc["paths"]!["/api/searches/{id}/points"]!["get"]!;
        Assert.Equal("ListTrialPoints", get["operationId"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(get["summary"]!.GetValue<string>()));
    }

    private async Task<List<TrialPointResponse>> PointsAsync(Guid id) => (await Client.Client.Api.Searches[id].Points.GetAsync())!;

    /// <summary>A generated model as the JSON the client writes for it (the points' parameters are open: additional data).</summary>
    private static async Task<JsonObject> JsonAsync(IParsable model) => JsonNode.Parse(await KiotaJsonSerializer.SerializeAsStringAsync(model))!.AsObject();

    /// <summary>Equal JSON, numbers by value (the client writes an open object's numbers as decimals).</summary>
    private static bool SameJson(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (JsonValue x, JsonValue y) when x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number => x.GetValue<double>() == y.GetValue<double>(),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Zip(y).All(p => SameJson(p.First, p.Second)),
        _ => JsonNode.DeepEquals(a, b),
    };

    /// <summary>Same trials in the same (stage, index) order, with equal values.</summary>
    private static async Task AssertSameAsync(List<TrialResponse> trials, List<TrialPointResponse> points)
    {
        Assert.Equal(trials.Count, points.Count);
        var byId = points.ToDictionary(p => p.Id!.Value);
        foreach (var t in trials)
        {
            var p = byId[t.Id!.Value];
            Assert.Equal(t.Stage, p.Stage);
            Assert.Equal(t.Index, p.Index);
            Assert.Equal(t.Status, p.Status);
            Assert.Equal(t.Hyperparameters!.LearningRate, p.LearningRate);
            Assert.Equal(t.Hyperparameters.Regularization, p.Regularization);
            Assert.Equal(t.TrainAccuracy, p.TrainAccuracy);
            Assert.Equal(t.ValidationAccuracy, p.ValidationAccuracy);
            Assert.Equal(t.Overfit, p.Overfit);

            // Every varied parameter of the default space, as the trial has it; the fixed batchSize is left out.
            var parameters = await JsonAsync(p.Parameters!);
            var hyperparameters = await JsonAsync(t.Hyperparameters);
            Assert.Equal(["activation", "hiddenLayers", "learningRate", "regularization"], parameters.Select(kv => kv.Key).Order(StringComparer.Ordinal));
            foreach (var (name, value) in parameters)
            {
                Assert.True(SameJson(hyperparameters[name], value), $"{name}: trial {hyperparameters[name]?.ToJsonString()}, point {value?.ToJsonString()}");
            }
        }

        var order = points.Select(p => (p.Stage!.Value, p.Index!.Value)).ToList();
        Assert.Equal(order.OrderBy(o => o.Item1).ThenBy(o => o.Item2), order);
    }
}

public sealed class SqliteTrialPointsTests : TrialPointsTests;

public sealed class PostgresTrialPointsTests : TrialPointsTests
{
    protected override bool UsePostgres => true;
}
