using System.Text.Json;
using HyperSearch.Search.Scheduling;
using HyperSearch.Search.Tpe;

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
    IReadOnlyDictionary<string, int>? GridPointsPerParameter = null,
    SchedulerSpec? Scheduler = null,
    TpeOptions? Tpe = null)
{
    /// <summary>The TPE settings of a "tpe" search (the spec's "tpe" object, or the defaults).</summary>
    public TpeOptions TpeOptions => Tpe ?? TpeOptions.Default;

    /// <summary>Coarse stage plus fine stages.</summary>
    public int StageCount => Refine?.Stages ?? 1;

    /// <summary>The scheduler of stage <paramref name="stage"/> (1-based): the coarse stage's, or the refined stages'.</summary>
    public SchedulerSpec SchedulerOf(int stage) => (stage == 1 ? Scheduler : Refine?.Scheduler) ?? SchedulerSpec.None;
}
