using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperSearch.Search;

/// <summary>
/// Lets request/response records carry a <see cref="SearchSpace"/> directly. Reading validates with
/// the default limits and throws <see cref="SearchSpaceException"/> (not JsonException) so the
/// caller can still return the per-field errors.
/// </summary>
public sealed class SearchSpaceJsonConverter : JsonConverter<SearchSpace>
{
    public override SearchSpace Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return SearchSpace.Parse(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, SearchSpace value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.ToJson().WriteTo(writer, options);
    }
}
