using System.Text.Json;

namespace HyperSearch.Service.Specs;

/// <summary>
/// A validated search job (see docs/api.md). <see cref="Space"/> is the raw "space" object: the search
/// library parses it into distributions; it is kept as JSON so the stored spec reads as submitted.
/// </summary>
public sealed record SearchSpec(
    string Name,
    int Seed,
    DatasetSpec Dataset,
    string Strategy,
    int Trials,
    int? GridPoints,
    int Epochs,
    JsonElement Space,
    RefineSpec? Refine,
    double OverfitGap,
    bool SanityChecks,
    IReadOnlyDictionary<string, int>? GridPointsPerParameter = null)
{
    /// <summary>Coarse stage plus fine stages.</summary>
    public int StageCount => Refine?.Stages ?? 1;
}
