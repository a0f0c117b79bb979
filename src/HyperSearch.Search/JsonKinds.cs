using System.Text.Json;

namespace HyperSearch.Search;

/// <summary>How error messages name what a JSON value was ("got the string \"x\"", "got null").</summary>
internal static class JsonKinds
{
    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Parses JSON text for a parser that reports problems as <see cref="SearchSpaceException"/> keyed by <paramref name="path"/>.</summary>
    public static JsonDocument Parse(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SearchSpaceException(path, $"Malformed JSON: {e.Message}");
        }
    }
}
