using System.Text.Json;
using HyperSearch.Storage;

namespace HyperSearch.Api.Contracts;

/// <summary>A search: status, its stages with their ranges and progress, the best trial so far, the sanity checks and (once completed) the best trial's test accuracy.</summary>
public sealed record SearchResponse(
    Guid Id,
    string Name,
    string Strategy,
    SearchStatus Status,
    int Seed,
    string Dataset,
    double OverfitGap,
    int StageCount,
    int CurrentStage,
    ProgressResponse Progress,
    IReadOnlyList<StageResponse> Stages,
    TrialResponse? BestTrial,
    SanityChecksResponse? SanityChecks,
    double? TestAccuracy,
    Guid? ComparisonId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    double? WallSeconds,
    string? Error,
    JsonElement Spec,
    string? Owner = null);
