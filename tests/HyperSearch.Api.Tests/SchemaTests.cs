using HyperSearch.Search;

namespace HyperSearch.Api.Tests;

/// <summary>GET /api/schema is the registry and the vocabularies the server itself validates with.</summary>
public sealed class SchemaTests : InputBackendTests
{
    [Fact]
    public async Task Schema_ListsEveryRegistryParameter_WithKindDefaultLimitsAndCondition()
    {
        var schema = await Api.GetAsync("/api/schema");

        var parameters = schema["parameters"]!.AsArray();
        Assert.Equal(Parameters.Names, parameters.Select(p => p!["name"]!.GetValue<string>()));
        var lr = parameters.Single(p => p!["name"]!.GetValue<string>() == "learningRate")!;
        Assert.Equal("float", lr["kind"]!.GetValue<string>());
        Assert.Equal("log", lr["scale"]!.GetValue<string>());
        Assert.Equal(0.01, lr["default"]!.GetValue<double>());
        Assert.Equal(10, lr["max"]!.GetValue<double>());
        var slope = parameters.Single(p => p!["name"]!.GetValue<string>() == "leakySlope")!;
        Assert.Equal("activation", slope["condition"]!["parameter"]!.GetValue<string>());
        Assert.Equal(["leaky_relu"], slope["condition"]!["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.True(slope["maxExclusive"]!.GetValue<bool>());
        var activation = parameters.Single(p => p!["name"]!.GetValue<string>() == "activation")!;
        Assert.Contains("maxout", activation["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("[256]", parameters.Single(p => p!["name"]!.GetValue<string>() == "hiddenLayers")!["default"]!.ToJsonString());
    }

    [Fact]
    public async Task Schema_ListsTheVocabularies_TheParserAccepts()
    {
        var schema = await Api.GetAsync("/api/schema");

        Assert.Equal(HyperSearch.Core.Strategies.All.Names, Strings(schema["strategies"]!));
        Assert.Equal(["none", "zero-center", "standardize"], Strings(schema["preprocessing"]!));
        Assert.Equal("zero-center", schema["defaultPreprocessing"]!.GetValue<string>());
        Assert.Equal(["ordered", "shuffled"], Strings(schema["splits"]!));
        Assert.Contains("diverged", Strings(schema["trialStatuses"]!));
        Assert.Contains("failed", Strings(schema["searchStatuses"]!));
        Assert.Equal(10_000, schema["limits"]!["maxGridSize"]!.GetValue<int>());
        Assert.Equal(["none", "asha", "median"], Strings(schema["schedulers"]!));
        var reduction = schema["schedulerSettings"]!["asha"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "reduction")!;
        Assert.Equal((3, 2, 100), (reduction["default"]!.GetValue<int>(), reduction["min"]!.GetValue<int>(), reduction["max"]!.GetValue<int>()));
        Assert.Equal(["warmupEpochs", "minTrials"], schema["schedulerSettings"]!["median"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));

        // Every listed preprocessing and split is accepted by the spec parser (nothing stored: no workers needed).
        foreach (var pre in Strings(schema["preprocessing"]!))
        {
            foreach (var split in Strings(schema["splits"]!))
            {
                var (status, body, _) = await Api.PostAsync("/api/searches", $$"""{ "dataset": { "name": "spiral", "preprocessing": "{{pre}}", "split": "{{split}}" }, "trials": 1 }""");
                Assert.True(status == System.Net.HttpStatusCode.Created, $"{pre}/{split}: {body}");
            }
        }
    }

    private static List<string> Strings(System.Text.Json.Nodes.JsonNode node) => node.AsArray().Select(v => v!.GetValue<string>()).ToList();
}
