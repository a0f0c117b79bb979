using System.Net;
using System.Text.Json.Nodes;

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
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 4, epochs: 10));
        await Api.WaitForSearchAsync(id, Timeout);

        var trials = await Api.TrialsAsync(id);
        var points = (await Api.GetAsync($"/api/searches/{id}/points")).AsArray();

        Assert.Equal(4, points.Count);
        AssertSame(trials, points);
        Assert.All(points, p => Assert.NotNull(p!["validationAccuracy"]));
    }

    [Fact]
    public async Task ManyTrials_EveryTrialHasOnePoint_AcrossPages()
    {
        // 2,500 trials: three store pages. Cancelled at once, so the statuses stop changing.
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 2500, epochs: 1));
        using (var cancel = await Api.Http.PostAsync($"/api/searches/{id}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var trials = new JsonArray();
        for (var offset = 0; offset < 2500; offset += 1000)
        {
            foreach (var t in await Api.TrialsAsync(id, $"&offset={offset}&sort=index"))
            {
                trials.Add(t!.DeepClone());
            }
        }

        var points = (await Api.GetAsync($"/api/searches/{id}/points")).AsArray();

        Assert.Equal(2500, trials.Count);
        Assert.Equal(2500, points.Count);
        AssertSame(trials, points);
        Assert.Equal(2500, points.Select(p => p!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.All(points, p => Assert.InRange(p!["learningRate"]!.GetValue<double>(), 1e-2, 1));
        Assert.All(points, p => Assert.InRange(p!["regularization"]!.GetValue<double>(), 1e-5, 1e-2));
    }

    [Fact]
    public async Task ConditionalParameters_AppearOnlyWhereActive()
    {
        // momentum applies under sgd_momentum only: a point of an adam trial has no momentum.
        const string space = """
            { "learningRate": { "min": 1e-2, "max": 0.5, "scale": "log" }, "optimizer": { "values": ["adam", "sgd_momentum"] },
              "momentum": { "min": 0.8, "max": 0.95 }, "hiddenLayers": [16], "batchSize": 64 }
            """;
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 8, epochs: 1, space: space));
        await Api.WaitForSearchAsync(id, Timeout);

        var points = (await Api.GetAsync($"/api/searches/{id}/points")).AsArray();

        Assert.Contains(points, p => p!["parameters"]!["optimizer"]!.GetValue<string>() == "adam");
        Assert.Contains(points, p => p!["parameters"]!["optimizer"]!.GetValue<string>() == "sgd_momentum");
        Assert.All(points, p => Assert.Equal(
            p!["parameters"]!["optimizer"]!.GetValue<string>() == "sgd_momentum",
            p["parameters"]!.AsObject().ContainsKey("momentum")));
        Assert.All(points, p => Assert.False(p!["parameters"]!.AsObject().ContainsKey("hiddenLayers")));
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

    /// <summary>Same trials in the same (stage, index) order, with equal values.</summary>
    private static void AssertSame(JsonArray trials, JsonArray points)
    {
        Assert.Equal(trials.Count, points.Count);
        var byId = points.ToDictionary(p => p!["id"]!.GetValue<string>());
        foreach (var t in trials)
        {
            var p = byId[t!["id"]!.GetValue<string>()]!;
            Assert.Equal(t["stage"]!.GetValue<int>(), p["stage"]!.GetValue<int>());
            Assert.Equal(t["index"]!.GetValue<int>(), p["index"]!.GetValue<int>());
            Assert.Equal(t["status"]!.GetValue<string>(), p["status"]!.GetValue<string>());
            Assert.Equal(t["hyperparameters"]!["learningRate"]!.GetValue<double>(), p["learningRate"]!.GetValue<double>());
            Assert.Equal(t["hyperparameters"]!["regularization"]!.GetValue<double>(), p["regularization"]!.GetValue<double>());
            Assert.Equal(t["trainAccuracy"]?.GetValue<double>(), p["trainAccuracy"]?.GetValue<double>());
            Assert.Equal(t["validationAccuracy"]?.GetValue<double>(), p["validationAccuracy"]?.GetValue<double>());
            Assert.Equal(t["overfit"]?.GetValue<bool>(), p["overfit"]?.GetValue<bool>());

            // Every varied parameter of the default space, as the trial has it; the fixed batchSize is left out.
            var parameters = p["parameters"]!.AsObject();
            Assert.Equal(["activation", "hiddenLayers", "learningRate", "regularization"], parameters.Select(kv => kv.Key).Order(StringComparer.Ordinal));
            foreach (var (name, value) in parameters)
            {
                Assert.True(JsonNode.DeepEquals(t["hyperparameters"]![name], value), name);
            }
        }

        var order = points.Select(p => (p!["stage"]!.GetValue<int>(), p["index"]!.GetValue<int>())).ToList();
        Assert.Equal(order.OrderBy(o => o.Item1).ThenBy(o => o.Item2), order);
    }
}

public sealed class SqliteTrialPointsTests : TrialPointsTests;

public sealed class PostgresTrialPointsTests : TrialPointsTests
{
    protected override bool UsePostgres => true;
}
