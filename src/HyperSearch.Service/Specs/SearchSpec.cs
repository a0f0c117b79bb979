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
    TpeOptions? Tpe = null,
    WarmStartSpec? WarmStart = null,
    IReadOnlyList<StageExtension>? Extensions = null,
    bool SanityGate = false,
    IReadOnlyList<string>? PruneOn = null)
{
    /// <summary>The TPE settings of a "tpe" search (the spec's "tpe" object, or the defaults).</summary>
    public TpeOptions TpeOptions => Tpe ?? TpeOptions.Default;

    /// <summary>Coarse stage plus fine stages, as submitted (stages added later are <see cref="Extensions"/>).</summary>
    public int StageCount => Refine?.Stages ?? 1;

    /// <summary>Every stage: the submitted ones and those added since.</summary>
    public int TotalStages => StageCount + (Extensions?.Count ?? 0);

    /// <summary>The added stage numbered <paramref name="stage"/>, or null for a submitted one.</summary>
    public StageExtension? ExtensionOf(int stage) => Extensions?.FirstOrDefault(e => e.Stage == stage);

    /// <summary>The scheduler of stage <paramref name="stage"/> (1-based): the coarse stage's, the refined stages', or an added stage's own.</summary>
    public SchedulerSpec SchedulerOf(int stage) =>
        (ExtensionOf(stage) is { } added ? added.Scheduler : stage == 1 ? Scheduler : Refine?.Scheduler) ?? SchedulerSpec.None;

    /// <summary>The strategy of stage <paramref name="stage"/>: the search's, or an added stage's own.</summary>
    public string StrategyOf(int stage) => ExtensionOf(stage)?.Strategy ?? Strategy;
}
