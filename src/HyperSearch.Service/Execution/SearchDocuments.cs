using System.Text.Json;
using System.Text.Json.Serialization;
using HyperSearch.Search;
using HyperSearch.Service.Specs;

namespace HyperSearch.Service.Execution;

/// <summary>The JSON the store keeps (spec, hyperparameters, sanity results): camelCase, one set of options.</summary>
public static class SearchDocuments
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static SearchSpec ReadSpec(string json) =>
        JsonSerializer.Deserialize<SearchSpec>(json, Options) ?? throw new InvalidOperationException("A stored search spec is empty.");

    public static Hyperparameters ReadHyperparameters(string json) =>
        JsonSerializer.Deserialize<Hyperparameters>(json, Options) ?? throw new InvalidOperationException("A stored trial has no hyperparameters.");

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
