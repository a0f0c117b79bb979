namespace HyperSearch.Api.Contracts;

/// <summary>Random vs grid on the same space, split, seed and budget.</summary>
public sealed record ComparisonResponse(
    Guid Id,
    string Name,
    int Budget,
    string Status,
    double? TargetAccuracy,
    ComparisonSideResponse Random,
    ComparisonSideResponse Grid,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ComparisonSideResponse> Arms);
