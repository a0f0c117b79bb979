using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// The search spec as documented in OpenAPI (the endpoint reads the JSON itself to name every bad field;
/// see docs/api.md and docs/search-spec.md). <c>space</c> maps parameter names to
/// <c>{ "min", "max", "scale": "linear"|"log" }</c>, <c>{ "values": [...] }</c> or a fixed value.
/// </summary>
public sealed record SearchSpecDocument(
    string? Name,
    int? Seed,
    DatasetSpecDocument Dataset,
    string? Strategy,
    int? Trials,
    int? GridPoints,
    int? Epochs,
    JsonElement? Space,
    RefineSpecDocument? Refine,
    double? OverfitGap,
    bool? SanityChecks,
    int? Budget);
