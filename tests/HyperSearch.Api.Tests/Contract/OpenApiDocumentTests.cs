using System.Text.Json;
using System.Text.Json.Nodes;
using HyperSearch.Api.Contracts;
using HyperSearch.Api.Hosting;
using HyperSearch.Storage;

namespace HyperSearch.Api.Tests.Contract;

/// <summary>The live /openapi/v1.json: linted by Redocly, and checked for what generated clients trip over (issue 14).</summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private HyperSearchApp _app = null!;
    private string _text = "";
    private JsonNode _doc = null!;

    public async Task InitializeAsync()
    {
        _app = new HyperSearchApp(settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" });
        _text = await _app.CreateClient().GetStringAsync("/openapi/v1.json");
        _doc = JsonNode.Parse(_text)!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RedoclyLint_RecommendedRules_ReportsNoErrors()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hypersearch-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, _text);
        try
        {
            var (_, output, errors) = await NpmTools.RunAsync(
                NpmTools.Redocly, ["lint", file, "--config", Path.Combine(NpmTools.RepoRoot, "redocly.yaml"), "--format", "json"], TimeSpan.FromMinutes(2));
            var report = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]) ?? throw new InvalidOperationException(errors);
            var problems = report["problems"]!.AsArray()
                .Select(p => $"{p!["severity"]} {p["ruleId"]}: {p["message"]} at {p["location"]?[0]?["pointer"]}")
                .ToList();
            Assert.True(report["totals"]!["errors"]!.GetValue<int>() == 0, "redocly lint errors:\n" + string.Join('\n', problems));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Document_HasNoNamedFloatingPointLiterals()
    {
        // The API writes numbers strictly; the old document offered "NaN"/"Infinity" strings as numbers.
        Assert.DoesNotContain("\"NaN\"", _text, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", _text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\": \"object\",\n          \"anyOf\"", _text, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_HasNoUntypedSchemas()
    {
        var schemas = _doc["components"]!["schemas"]!.AsObject();
        Assert.False(schemas.ContainsKey("JsonElement"));
        Assert.False(schemas.ContainsKey("JsonNode"));
        foreach (var (name, schema) in schemas)
        {
            foreach (var (prop, propSchema) in schema!["properties"]?.AsObject() ?? [])
            {
                Assert.True(propSchema!.AsObject().Count > 0, $"{name}.{prop} has an empty (any-JSON) schema.");
            }
        }

        Assert.Equal("#/components/schemas/SearchSpace", schemas["StageResponse"]!["properties"]!["space"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/Scheduler", schemas["SearchSpecDocument"]!["properties"]!["scheduler"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/Hyperparameters", schemas["TrialResponse"]!["properties"]!["hyperparameters"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/SanityChecksResponse", schemas["SearchResponse"]!["properties"]!["sanityChecks"]!["oneOf"]![1]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void SearchSpec_RequiresOnlyTheDataset_AndGivesDefaults()
    {
        var spec = _doc["components"]!["schemas"]!["SearchSpecDocument"]!;
        Assert.Equal(["dataset"], spec["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(20, spec["properties"]!["trials"]!["default"]!.GetValue<int>());
        Assert.Equal("integer", spec["properties"]!["trials"]!["type"]!.GetValue<string>());
        Assert.Equal(HyperSearch.Core.Strategies.All.Names, spec["properties"]!["strategy"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void Responses_NullableNumbersAreNumbers_AndEveryPropertyIsRequired()
    {
        var trial = _doc["components"]!["schemas"]!["TrialResponse"]!;
        Assert.Equal(["null", "number"], trial["properties"]!["validationAccuracy"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(trial["properties"]!.AsObject().Count, trial["required"]!.AsArray().Count);
    }

    [Fact]
    public void EveryOperation_DescribesItsErrorsAsProblemDetails()
    {
        foreach (var (path, item) in _doc["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                var responses = op!["responses"]!.AsObject();
                Assert.True(responses.ContainsKey("500"), $"{method} {path} has no 500 response.");
                Assert.True(path.Contains('{', StringComparison.Ordinal) == false || responses.ContainsKey("404"), $"{method} {path} has no 404 response.");
                foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5' && r.Key != "503"))
                {
                    var schema = response!["content"]?["application/problem+json"]?["schema"]?["$ref"]?.GetValue<string>();
                    Assert.True(schema is "#/components/schemas/ProblemDetails" or "#/components/schemas/HttpValidationProblemDetails", $"{method} {path} {status}: {schema}");
                }
            }
        }

        Assert.Equal(6, _doc["tags"]!.AsArray().Count(t => t!["description"] is not null));
    }

    [Fact]
    public void NonFiniteEpochMetrics_GoOnTheWireAsNull()
    {
        var options = new JsonSerializerOptions();
        ApiHostingExtensions.ConfigureJson(options);
        var epoch = EpochResponse.From(new EpochRecord(Guid.NewGuid(), 3, double.NaN, 0.5, double.PositiveInfinity, 0.4, 0.01, 1.5));

        var json = JsonNode.Parse(JsonSerializer.Serialize(epoch, options))!;

        Assert.Null(json["trainLoss"]);
        Assert.Null(json["validationLoss"]);
        Assert.Equal(0.5, json["trainAccuracy"]!.GetValue<double>());
    }
}
