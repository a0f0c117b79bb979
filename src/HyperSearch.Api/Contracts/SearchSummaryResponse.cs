using HyperSearch.Storage;

namespace HyperSearch.Api.Contracts;

/// <summary>A row of the searches list; <see cref="Error"/> says why a failed search failed.</summary>
public sealed record SearchSummaryResponse(
    Guid Id,
    string Name,
    string Strategy,
    SearchStatus Status,
    string Dataset,
    ProgressResponse Progress,
    double? BestValidationAccuracy,
    double? TestAccuracy,
    Guid? ComparisonId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? Owner = null,
    string? Error = null);
