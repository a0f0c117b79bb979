using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace HyperSearch.Api.OpenApi;

/// <summary>Small constructors for OpenAPI schemas, so the transformers read like the JSON they produce.</summary>
internal static class SchemaBuilder
{
    public static OpenApiSchema Of(JsonSchemaType type, string? description = null) => new() { Type = type, Description = description };

    public static OpenApiSchema Number(double? min = null, double? max = null, bool minExclusive = false, bool maxExclusive = false, string? description = null)
    {
        var s = new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double", Description = description };
        if (min is { } lo)
        {
            if (minExclusive)
            {
                s.ExclusiveMinimum = Text(lo);
            }
            else
            {
                s.Minimum = Text(lo);
            }
        }

        if (max is { } hi)
        {
            if (maxExclusive)
            {
                s.ExclusiveMaximum = Text(hi);
            }
            else
            {
                s.Maximum = Text(hi);
            }
        }

        return s;
    }

    public static OpenApiSchema Integer(long? min = null, long? max = null, string? description = null) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = min?.ToString(CultureInfo.InvariantCulture),
        Maximum = max?.ToString(CultureInfo.InvariantCulture),
        Description = description,
    };

    public static OpenApiSchema Enum(IEnumerable<string> values, string? description = null) => new()
    {
        Type = JsonSchemaType.String,
        Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList(),
        Description = description,
    };

    public static OpenApiSchema Array(IOpenApiSchema items, int? minItems = null, int? maxItems = null, string? description = null) => new()
    {
        Type = JsonSchemaType.Array,
        Items = items,
        MinItems = minItems,
        MaxItems = maxItems,
        Description = description,
    };

    /// <summary>An object with the given properties; <paramref name="closed"/> = unknown keys are rejected (as the server's parsers do).</summary>
    public static OpenApiSchema Object(IEnumerable<(string Name, IOpenApiSchema Schema)> properties, IEnumerable<string>? required = null, bool closed = true, string? description = null)
    {
        var s = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
            Description = description,
        };
        if (required is not null)
        {
            s.Required = new HashSet<string>(required);
        }

        if (closed)
        {
            s.AdditionalPropertiesAllowed = false;
        }

        return s;
    }

    public static OpenApiSchema OneOf(string? description, params IOpenApiSchema[] choices) => new() { OneOf = choices.ToList(), Description = description };

    /// <summary>
    /// Disjoint choices that include more than one object shape: the same instances as a oneOf, but
    /// generated clients (Kiota) read an anyOf by filling every object member from the one JSON object,
    /// where a oneOf of objects without a discriminator is read as none of them.
    /// </summary>
    public static OpenApiSchema AnyOf(string? description, params IOpenApiSchema[] choices) => new() { AnyOf = choices.ToList(), Description = description };

    /// <summary>The schema or null (OpenAPI 3.1: a type list with "null", or a oneOf with a null type for references).</summary>
    public static IOpenApiSchema Nullable(IOpenApiSchema schema)
    {
        // An enum must list null itself to allow it, so an enum (like a reference) goes into a oneOf.
        if (schema is OpenApiSchema { Type: { } type, Enum: null } concrete && concrete.OneOf is null)
        {
            concrete.Type = type | JsonSchemaType.Null;
            return concrete;
        }

        return new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, schema] };
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
