namespace HyperSearch.Storage;

/// <summary>
/// One search job. <see cref="SpecJson"/> is the validated spec as submitted (camelCase JSON);
/// <see cref="SanityJson"/> holds the lecture's sanity-check results once they ran. <see cref="Owner"/> is the
/// API key owner who submitted it (null when access control was off).
/// </summary>
public sealed record SearchRecord(
    Guid Id,
    string Name,
    string Strategy,
    SearchStatus Status,
    string SpecJson,
    int Seed,
    string Dataset,
    double OverfitGap,
    int StageCount,
    Guid? ComparisonId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    string? SanityJson = null,
    Guid? BestTrialId = null,
    double? BestValidationAccuracy = null,
    double? TestAccuracy = null,
    string? Error = null,
    string? Owner = null);
