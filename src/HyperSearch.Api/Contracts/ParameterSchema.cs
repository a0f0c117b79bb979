using System.Text.Json.Nodes;

namespace HyperSearch.Api.Contracts;

/// <summary>One registry entry (see docs/search-spec.md).</summary>
/// <param name="Kind">float, int, string, bool or layers.</param>
/// <param name="Default">The value a trial uses when the space leaves the parameter out.</param>
/// <param name="Scale">The scale of a range written without "scale": linear or log.</param>
/// <param name="Min">Hard lower limit of a numeric parameter.</param>
/// <param name="Max">Hard upper limit of a numeric parameter.</param>
/// <param name="Values">The allowed values of a string parameter.</param>
/// <param name="Condition">When the parameter applies; null = always.</param>
/// <param name="Derived">A shorthand that composes another parameter (depth, width → hiddenLayers).</param>
public sealed record ParameterSchema(
    string Name,
    string Kind,
    JsonNode Default,
    string Scale,
    double? Min,
    bool MinExclusive,
    double? Max,
    bool MaxExclusive,
    IReadOnlyList<string>? Values,
    ParameterConditionSchema? Condition,
    bool Derived,
    string Description);
