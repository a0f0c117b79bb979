using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace HyperSearch.Api.Tests.Contract;

/// <summary>
/// Issue 14's check: one ordinary client session (random + coarse→fine, grid, ASHA, a comparison, a
/// diverging search, reads of searches, trials, details, points and exports, and error answers) through
/// Prism's validating proxy against the real API on Kestrel. Any request or response that the OpenAPI
/// document does not describe fails the test, with Prism's own words.
/// </summary>
public sealed class PrismSessionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private KestrelApp _app = null!;
    private PrismProxy _prism = null!;
    private HttpClient _http = null!;
    private string _documentPath = "";

    public async Task InitializeAsync()
    {
        _app = new KestrelApp(auth: true).Start();
        using var direct = new HttpClient { BaseAddress = _app.BaseAddress };
        _documentPath = Path.Combine(Path.GetTempPath(), $"hypersearch-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_documentPath, await direct.GetStringAsync("/openapi/v1.json"));
        _prism = await PrismProxy.StartAsync(_documentPath, _app.BaseAddress);
        _http = new HttpClient { BaseAddress = _prism.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", HyperSearchApp.AdminKey);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _prism.DisposeAsync();
        await _app.DisposeAsync();
        File.Delete(_documentPath);
    }

    [Fact]
    public async Task ClientSession_ThroughPrism_HasNoContractViolations()
    {
        await GetAsync("/health");
        var schema = await GetAsync("/api/schema");
        Assert.NotEmpty(schema["parameters"]!.AsArray());
        await GetAsync("/api/datasets");

        // Random, coarse → fine, with the sanity checks.
        var fine = await CreateAsync("/api/searches", """
            { "name": "contract coarse-fine", "seed": 11, "dataset": { "name": "spiral", "preprocessing": "standardize" },
              "strategy": "random", "trials": 4, "epochs": 3,
              "space": { "learningRate": { "min": 0.01, "max": 1, "scale": "log" }, "regularization": { "min": 0.00001, "max": 0.01 },
                         "hiddenLayers": { "values": [[16], [32, 16]] }, "activation": { "values": ["relu", "tanh"] }, "batchSize": 64 },
              "refine": { "stages": 2, "topK": 2, "trials": 2, "epochs": 3 } }
            """);
        var grid = await CreateAsync("/api/searches", """
            { "name": "contract grid", "seed": 12, "dataset": "spiral", "strategy": "grid", "gridPoints": 2, "epochs": 2, "sanityChecks": false,
              "space": { "learningRate": { "min": 0.05, "max": 0.5 }, "batchNorm": { "values": [true, false] }, "hiddenLayers": [16] } }
            """);
        var asha = await CreateAsync("/api/searches", """
            { "name": "contract asha", "seed": 13, "dataset": { "name": "spiral" }, "strategy": "sobol", "trials": 6, "epochs": 4, "sanityChecks": false,
              "scheduler": { "kind": "asha", "minEpochs": 1, "reduction": 2 },
              "space": { "learningRate": { "min": 0.01, "max": 1, "scale": "log" }, "depth": { "min": 1, "max": 2 }, "width": 16 } }
            """);
        // A learning rate this large diverges: null metrics and a non-finite first-epoch loss.
        var diverging = await CreateAsync("/api/searches", """
            { "name": "contract diverging", "seed": 14, "dataset": "spiral", "trials": 1, "epochs": 3, "sanityChecks": false,
              "space": { "learningRate": 10, "optimizer": "sgd", "weightInit": "small_random", "hiddenLayers": [16] } }
            """);
        var comparison = await CreateAsync("/api/comparisons", """
            { "name": "contract comparison", "seed": 15, "budget": 4, "epochs": 2, "dataset": "spiral", "sanityChecks": false,
              "space": { "learningRate": { "min": 0.01, "max": 1, "scale": "log" }, "regularization": { "min": 0.00001, "max": 0.01 } },
              "arms": [{ "strategy": "random", "scheduler": { "kind": "median", "warmupEpochs": 1, "minTrials": 1 } }] }
            """);

        // The learning-rate range test (a bad body too), and a search that takes its stage-1 range from it.
        var finder = await SendAsync(HttpMethod.Post, "/api/lr-finder", """
            { "dataset": "spiral", "seed": 18, "steps": 60, "minLr": 0.0001, "hyperparameters": { "hiddenLayers": [16], "batchSize": 32, "optimizer": "adam" } }
            """, HttpStatusCode.OK);
        Assert.NotEmpty(finder["points"]!.AsArray());
        await SendAsync(HttpMethod.Post, "/api/lr-finder", """{ "dataset": "spiral", "steps": 5000 }""", HttpStatusCode.BadRequest);
        var auto = await CreateAsync("/api/searches", """
            { "name": "contract auto lr", "seed": 19, "dataset": "spiral", "trials": 2, "epochs": 2,
              "space": { "learningRate": "auto", "hiddenLayers": [16] } }
            """);

        foreach (var id in new[] { fine, grid, asha, diverging, auto })
        {
            await WaitAsync($"/api/searches/{id}", s => s["status"]!.GetValue<string>() is "completed" or "failed" or "cancelled");
        }

        var done = await WaitAsync($"/api/comparisons/{comparison}?target=0.5", c => c["status"]!.GetValue<string>() is "completed" or "failed");
        Assert.Equal("completed", done["status"]!.GetValue<string>());
        await GetAsync("/api/comparisons?offset=0&limit=10");

        var search = await GetAsync($"/api/searches/{fine}");
        Assert.Equal(2, search["stages"]!.AsArray().Count);
        Assert.NotNull(search["sanityChecks"]);
        await GetAsync("/api/searches?offset=0&limit=20");
        var trials = await GetAsync($"/api/searches/{fine}/trials?stage=1&status=completed&sort=validationAccuracy&order=desc&offset=0&limit=50");
        await GetAsync($"/api/searches/{asha}/trials?overfit=false&sort=duration");
        await GetAsync($"/api/searches/{fine}/trials?status=pruned");
        await GetAsync($"/api/searches/{fine}/trials/export?format=csv");
        await GetAsync($"/api/searches/{asha}/trials/export?format=json");
        await GetAsync($"/api/searches/{grid}/trials.csv");
        await GetAsync($"/api/searches/{grid}/points");
        await GetAsync($"/api/trials/{trials["items"]![0]!["id"]!.GetValue<string>()}");
        foreach (var t in (await GetAsync($"/api/searches/{diverging}/trials"))["items"]!.AsArray())
        {
            await GetAsync($"/api/trials/{t!["id"]!.GetValue<string>()}");
        }

        foreach (var t in (await GetAsync($"/api/searches/{asha}/trials?limit=3"))["items"]!.AsArray())
        {
            await GetAsync($"/api/trials/{t!["id"]!.GetValue<string>()}");
        }

        // A long search, cancelled while it runs.
        var slow = await CreateAsync("/api/searches", """
            { "name": "contract cancel", "seed": 16, "dataset": "spiral", "trials": 50, "epochs": 200, "sanityChecks": false }
            """);
        await SendAsync(HttpMethod.Post, $"/api/searches/{slow}/cancel", null, HttpStatusCode.OK);
        await WaitAsync($"/api/searches/{slow}", s => s["status"]!.GetValue<string>() == "cancelled");

        // One more stage on a completed search (TPE, learning from its trials), and a search warm-started from another.
        var extended = await SendAsync(HttpMethod.Post, $"/api/searches/{grid}/stages", """{ "strategy": "tpe", "trials": 2, "epochs": 2 }""", HttpStatusCode.Created);
        Assert.Equal(2, extended["stageCount"]!.GetValue<int>());
        var warm = await CreateAsync("/api/searches", $$"""
            { "name": "contract warm start", "seed": 17, "dataset": "spiral", "strategy": "tpe", "trials": 2, "epochs": 2, "sanityChecks": false,
              "space": { "learningRate": { "min": 0.01, "max": 1, "scale": "log" }, "hiddenLayers": [16] }, "warmStart": { "searchId": "{{fine}}" } }
            """);
        await WaitAsync($"/api/searches/{grid}", s => s["status"]!.GetValue<string>() is "completed" or "failed" && s["stages"]!.AsArray().Count == 2);
        await WaitAsync($"/api/searches/{warm}", s => s["status"]!.GetValue<string>() is "completed" or "failed");
        await SendAsync(HttpMethod.Post, $"/api/searches/{slow}/stages", """{ "trials": 2 }""", HttpStatusCode.Conflict);
        await SendAsync(HttpMethod.Post, $"/api/searches/{grid}/stages", """{ "trials": 0 }""", HttpStatusCode.BadRequest);

        // Error answers the document promises.
        var missing = Guid.NewGuid();
        await SendAsync(HttpMethod.Post, $"/api/searches/{missing}/stages", """{ "trials": 2 }""", HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/api/searches/{missing}", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/api/searches/{missing}/trials", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/api/searches/{missing}/trials/export", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/api/searches/{missing}/trials.csv", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/api/searches/{missing}/points", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Post, $"/api/searches/{missing}/cancel", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/api/trials/{missing}", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, $"/api/comparisons/{missing}", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Delete, "/api/datasets/no-such-upload", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Delete, "/api/datasets/spiral", null, HttpStatusCode.BadRequest);
        var bad = await SendAsync(HttpMethod.Post, "/api/searches", """
            { "dataset": "spiral", "space": { "learningRate": { "min": 0.1, "max": 0.01 } } }
            """, HttpStatusCode.BadRequest);
        Assert.True(bad["errors"]!["space.learningRate.min"] is not null, bad.ToJsonString());
        await SendAsync(HttpMethod.Post, "/api/comparisons", """{ "dataset": "spiral", "budget": 1 }""", HttpStatusCode.BadRequest);

        Assert.True(_prism.Problems.Count == 0, "Prism reported:\n" + string.Join('\n', _prism.Problems));
    }

    private async Task<string> CreateAsync(string path, string json) =>
        (await SendAsync(HttpMethod.Post, path, json, HttpStatusCode.Created))["id"]!.GetValue<string>();

    private Task<JsonNode> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null, HttpStatusCode.OK);

    private async Task<JsonNode> WaitAsync(string path, Func<JsonNode, bool> done) =>
        await Eventually.WaitAsync(() => GetAsync(path), done, Timeout, path);

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string? json, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(text.Contains("stoplight.io/prism/errors", StringComparison.Ordinal), $"{method} {path}: Prism found a contract violation: {text}");
        Assert.True(response.StatusCode == expected, $"{method} {path} → {(int)response.StatusCode} (expected {(int)expected}): {text}");
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        return type.Contains("json", StringComparison.Ordinal) && !type.Contains("ndjson", StringComparison.Ordinal) && text.Length > 0
            ? JsonNode.Parse(text)!
            : new JsonObject();
    }
}
