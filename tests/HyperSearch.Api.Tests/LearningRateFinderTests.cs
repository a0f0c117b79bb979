using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace HyperSearch.Api.Tests;

/// <summary>
/// POST /api/lr-finder: a range test on the spiral set runs synchronously and answers the curve and the
/// suggestion; the same seed gives the same answer; bad bodies are 400s naming the field.
/// </summary>
public abstract class LearningRateFinderTests : InputBackendTests
{
    private const string Body = """
        { "dataset": "spiral", "seed": 3, "steps": 150, "minLr": 1e-4, "maxLr": 10,
          "hyperparameters": { "hiddenLayers": [64], "activation": "relu", "optimizer": "sgd_momentum", "batchSize": 32, "regularization": 0 } }
        """;

    [Fact]
    public async Task RangeTest_AnswersTheCurveAndASuggestionInsideIt()
    {
        var (status, body, _) = await Api.PostAsync("/api/lr-finder", Body);

        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        var points = body!["points"]!.AsArray();
        Assert.InRange(points.Count, 10, 150);
        Assert.Equal(1e-4, points[0]!["learningRate"]!.GetValue<double>(), 12);
        var lrs = points.Select(p => p!["learningRate"]!.GetValue<double>()).ToList();
        Assert.True(lrs.Zip(lrs.Skip(1)).All(p => p.Second > p.First));
        var s = body["suggestion"]!;
        double lr = s["learningRate"]!.GetValue<double>(), min = s["min"]!.GetValue<double>(), max = s["max"]!.GetValue<double>();
        Assert.True(min < lr && lr < max, s.ToJsonString());
        Assert.InRange(s["steepest"]!.GetValue<double>(), lrs[0], lrs[^1]);
        Assert.True(s["falling"]!.GetValue<bool>());
        Assert.Equal(body["diverged"]!.GetValue<bool>(), s["divergedAt"] is not null);
        Assert.Equal(3, body["seed"]!.GetValue<int>());
        Assert.Equal(150, body["steps"]!.GetValue<int>());
        Assert.Equal(576, body["trainRows"]!.GetValue<int>()); // the spiral's training split: 80 % of the 720 rows left beside its test set
        Assert.Equal("[64]", body["hyperparameters"]!["hiddenLayers"]!.ToJsonString());
        Assert.Equal(32, body["hyperparameters"]!["batchSize"]!.GetValue<int>());
        Assert.Equal("he", body["hyperparameters"]!["weightInit"]!.GetValue<string>());
    }

    [Fact]
    public async Task RangeTest_IsDeterministicForASeed()
    {
        var first = await Api.PostAsync("/api/lr-finder", Body);
        var second = await Api.PostAsync("/api/lr-finder", Body);
        var other = await Api.PostAsync("/api/lr-finder", Body.Replace("\"seed\": 3", "\"seed\": 4", StringComparison.Ordinal));

        Assert.Equal(first.Body!.ToJsonString(), second.Body!.ToJsonString());
        Assert.NotEqual(first.Body["points"]!.ToJsonString(), other.Body!["points"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{ "dataset": "spiral", "minLr": 0 }""", "minLr")]
    [InlineData("""{ "dataset": "spiral", "minLr": "small" }""", "minLr")]
    [InlineData("""{ "dataset": "spiral", "maxLr": 20 }""", "maxLr")]
    [InlineData("""{ "dataset": "spiral", "minLr": 1, "maxLr": 0.1 }""", "maxLr")]
    [InlineData("""{ "dataset": "spiral", "minLr": 1 , "maxLr": 1 }""", "maxLr")]
    [InlineData("""{ "dataset": "spiral", "steps": 1 }""", "steps")]
    [InlineData("""{ "dataset": "spiral", "steps": 1001 }""", "steps")]
    [InlineData("""{ "dataset": "spiral", "steps": 20.5 }""", "steps")]
    [InlineData("""{ "dataset": "spiral", "seed": -1 }""", "seed")]
    [InlineData("""{ "dataset": "spiral", "lr": 0.1 }""", "lr")]
    [InlineData("""{ "minLr": 1e-5 }""", "dataset")]
    [InlineData("""{ "dataset": "no-such-set" }""", "dataset.name")]
    [InlineData("""{ "dataset": { "name": "spiral", "trainSize": 0 } }""", "dataset.trainSize")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": [64] }""", "hyperparameters")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": { "learningRate": 0.1 } }""", "hyperparameters.learningRate")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": { "learningRateDecay": "step" } }""", "hyperparameters.learningRateDecay")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": { "hiddenLayers": { "values": [[8], [16]] } } }""", "hyperparameters.hiddenLayers")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": { "regularization": { "min": 1e-5, "max": 1e-3 } } }""", "hyperparameters.regularization")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": { "activation": "swish" } }""", "hyperparameters.activation")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": { "batchSize": 0 } }""", "hyperparameters.batchSize")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": { "learning_rate": 0.1 } }""", "hyperparameters.learning_rate")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": { "hiddenLayers": [4096, 4096, 4096, 4096] } }""", "hyperparameters.hiddenLayers")]
    [InlineData("""{ "dataset": "spiral", "hyperparameters": { "convBlocks": 1 } }""", "hyperparameters.convBlocks")]
    [InlineData("""{ "dataset": "fashion-mnist", "steps": 2, "hyperparameters": { "convBlocks": 1, "filters": 4, "activation": "maxout" } }""", "hyperparameters")]
    [InlineData("""[1]""", "body")]
    [InlineData("""{ "dataset": """, "body")]
    public async Task BadBodies_Are400_NamingTheField(string body, string field)
    {
        var response = await Api.Http.PostAsync("/api/lr-finder", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, field);
    }

    [Fact]
    public async Task TheDocumentsExample_TheReferenceMlpOnFashionMnist_Runs()
    {
        var document = await Api.GetAsync("/openapi/v1.json");
        var example = document["paths"]!["/api/lr-finder"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!;

        var (status, body, _) = await Api.PostAsync("/api/lr-finder", example.ToJsonString());

        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {body}");
        Assert.Equal(20_000, body!["trainRows"]!.GetValue<int>());
        Assert.True(body["diverged"]!.GetValue<bool>());
        Assert.InRange(body["suggestion"]!["learningRate"]!.GetValue<double>(), 1e-3, 0.1);
    }

    [Fact]
    public async Task WithoutAKey_Is401_WhenAccessControlIsOn()
    {
        await using var secured = new HyperSearchApp(settings: new Dictionary<string, string?> { ["HyperSearch:Auth:Enabled"] = "true", ["HyperSearch:RunWorkers"] = "false" });
        using var anonymous = secured.CreateAnonymousClient();
        using var admin = secured.CreateClient(HyperSearchApp.AdminKey);

        var refused = await anonymous.PostAsync("/api/lr-finder", new StringContent(Body, Encoding.UTF8, "application/json"));
        var allowed = await admin.PostAsync("/api/lr-finder", new StringContent(Body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        JsonNode.Parse(await allowed.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteLearningRateFinderTests : LearningRateFinderTests;
