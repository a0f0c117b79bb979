using System.Net;
using System.Text;

namespace HyperSearch.Api.Tests;

/// <summary>
/// JSON bodies (POST /api/searches and /api/comparisons) with a duplicate key at any depth, a lone
/// surrogate escape or a NUL character in any string or key are refused up front: 400 problem
/// details naming the JSON path, nothing stored, on both backends (PostgreSQL cannot store NUL in
/// text/jsonb, so SQLite refuses it too).
/// </summary>
public abstract class JsonBodyHardeningTests : InputBackendTests
{
    // The JSON texts are raw C# strings: \ud800 here is the six characters of a JSON escape.
    [Theory]
    [InlineData("""{ "dataset": "spiral", "trials": 2, "trials": 3 }""", "trials")]
    [InlineData("""{ "dataset": "spiral", "space": { "batchSize": 8, "batchSize": 16 } }""", "space.batchSize")]
    [InlineData("""{ "dataset": { "name": "spiral", "name": "blobs" } }""", "dataset.name")]
    [InlineData("""{ "dataset": "spiral", "space": { "learningRate": { "min": 0.001, "max": 0.1, "min": 0.01 } } }""", "space.learningRate.min")]
    [InlineData("""{ "dataset": "spiral", "space": { "activation": { "values": ["relu", "tanh"] }, "hiddenLayers": { "values": [[8], [16]] }, "activation": { "values": ["relu", "tanh"] } } }""", "space.activation")]
    [InlineData("""{ "dataset": "spiral", "trials": 2, "tri\u0061ls": 3 }""", "trials")]
    public async Task DuplicateKey_Is400_NamingItsPath(string body, string path) => await AssertRefusedAsync("/api/searches", body, path);

    [Theory]
    [InlineData("""{ "dataset": "spiral", "name": "\ud800" }""", "name")]
    [InlineData("""{ "dataset": "spiral", "name": "ok \udc00" }""", "name")]
    [InlineData("""{ "dataset": "spiral", "name": "\ud800\u0041" }""", "name")]
    [InlineData("""{ "dataset": "spiral", "name": "\ud800x" }""", "name")]
    [InlineData("""{ "dataset": "spiral", "name": "\ud800\ud800\udc00" }""", "name")]
    [InlineData("""{ "dataset": "spiral", "space": { "activation": { "values": ["relu", "\udc00"] } } }""", "space.activation.values[1]")]
    [InlineData("""{ "dataset": "spiral", "space": { "\ud800": 1 } }""", "space.\\ud800")]
    public async Task LoneSurrogateEscape_Is400_NamingItsPath(string body, string path) => await AssertRefusedAsync("/api/searches", body, path);

    [Theory]
    [InlineData("""{ "dataset": "spiral", "name": "a\u0000b" }""", "name")]
    [InlineData("""{ "dataset": "spi\u0000ral" }""", "dataset")]
    [InlineData("""{ "dataset": "spiral", "space": { "learning\u0000Rate": 0.1 } }""", "space.learning\\u0000Rate")]
    public async Task NulCharacter_Is400_NamingItsPath(string body, string path) => await AssertRefusedAsync("/api/searches", body, path);

    [Theory]
    [InlineData("""{ "dataset": "spiral", "budget": 4, "budget": 8 }""", "budget")]
    [InlineData("""{ "dataset": "spiral", "budget": 4, "name": "\udc00" }""", "name")]
    [InlineData("""{ "dataset": "spiral", "budget": 4, "name": "cmp\u0000" }""", "name")]
    public async Task Comparison_WithABadBody_Is400_NamingItsPath(string body, string path) => await AssertRefusedAsync("/api/comparisons", body, path);

    [Fact]
    public async Task ValidSurrogatePairs_AndEscapedText_AreStillAccepted()
    {
        var (status, body, _) = await Api.PostAsync("/api/searches", """{ "name": "\ud83d\ude00 \u00e9t\u00e9 \"q\"", "dataset": "spiral", "trials": 1, "epochs": 1, "sanityChecks": false }""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("\U0001F600 été \"q\"", body!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task EveryProblemOfTheBody_IsNamed_InOneAnswer()
    {
        var response = await PostRawAsync("/api/searches", """{ "dataset": "spiral", "name": "\ud800", "trials": 1, "trials": 2, "space": { "batchSize": 8, "batchSize": 16 } }""");

        var errors = await AssertProblemNamingAsync(response, "name");
        Assert.True(errors.ContainsKey("trials"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("space.batchSize"), errors.ToJsonString());
    }

    [Fact]
    public async Task DepthAndSizeLimits_StillHold()
    {
        var deep = "{ \"dataset\": \"spiral\", \"x\": " + string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40)) + " }";
        await AssertProblemNamingAsync(await PostRawAsync("/api/searches", deep), "body");
        var huge = "{ \"name\": \"" + new string('x', 300_000) + "\" }";
        await AssertProblemNamingAsync(await PostRawAsync("/api/searches", huge), "body");
    }

    private async Task AssertRefusedAsync(string path, string body, string field)
    {
        var searches = await Api.SearchCountAsync();
        var comparisons = await ComparisonCountAsync();

        var response = await PostRawAsync(path, body);

        await AssertProblemNamingAsync(response, field);
        Assert.Equal(searches, await Api.SearchCountAsync());
        Assert.Equal(comparisons, await ComparisonCountAsync());
    }

    private async Task<HttpResponseMessage> PostRawAsync(string path, string json) =>
        await Api.Http.PostAsync(path, new ByteArrayContent(Encoding.UTF8.GetBytes(json)) { Headers = { { "Content-Type", "application/json" } } });
}

public sealed class SqliteJsonBodyHardeningTests : JsonBodyHardeningTests;

public sealed class PostgresJsonBodyHardeningTests : JsonBodyHardeningTests
{
    protected override bool UsePostgres => true;
}
