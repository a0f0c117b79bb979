using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperSearch.Search;

/// <summary>
/// A trial's hyperparameters as the JSON object users read and the stores keep: every active stored
/// parameter by name, in registry order. Reading takes absent parameters as inactive (the engine uses
/// their defaults, as it did for a row written before a parameter existed) and skips names the registry
/// no longer has.
/// </summary>
internal sealed class HyperparametersJsonConverter : JsonConverter<Hyperparameters>
{
    public override Hyperparameters Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("Hyperparameters must be a JSON object.");
        }

        var values = new List<KeyValuePair<string, object>>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (!Hyperparameters.IsStored(name))
            {
                reader.Skip();
                continue;
            }

            object value = Parameters.Get(name).Kind switch
            {
                ParameterKind.Float => reader.GetDouble(),
                ParameterKind.Int => reader.GetInt32(),
                ParameterKind.Bool => reader.GetBoolean(),
                ParameterKind.String => reader.GetString() ?? throw new JsonException($"{name} must be a string."),
                _ => ReadLayers(ref reader),
            };
            values.Add(new(name, value));
        }

        return Hyperparameters.FromStored(values);
    }

    public override void Write(Utf8JsonWriter writer, Hyperparameters value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var parameter in value.Active)
        {
            writer.WritePropertyName(parameter.Name);
            CategoricalDistribution.ToNode(value.Get(parameter.Name)!).WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static List<int> ReadLayers(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("hiddenLayers must be an array of widths.");
        }

        var widths = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            widths.Add(reader.GetInt32());
        }

        return widths;
    }
}
