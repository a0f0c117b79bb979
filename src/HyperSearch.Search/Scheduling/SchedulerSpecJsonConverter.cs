using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperSearch.Search.Scheduling;

/// <summary>A stored scheduler spec is its canonical JSON (every field explicit), read back through the validating parser.</summary>
internal sealed class SchedulerSpecJsonConverter : JsonConverter<SchedulerSpec>
{
    public override SchedulerSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return SchedulerSpec.Parse(document.RootElement);
    }

    public override void Write(Utf8JsonWriter writer, SchedulerSpec value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteRawValue(value.ToJsonString());
    }
}
