namespace HyperSearch.Storage;

/// <summary>A random-vs-grid comparison: two searches on the same space, data split, seed and budget.</summary>
public sealed record ComparisonRecord(
    Guid Id,
    string Name,
    int Budget,
    string SpecJson,
    Guid RandomSearchId,
    Guid GridSearchId,
    DateTimeOffset CreatedAt,
    string? Owner = null);
