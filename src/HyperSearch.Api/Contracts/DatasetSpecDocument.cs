namespace HyperSearch.Api.Contracts;

/// <summary>Which dataset (GET /api/datasets), the split sizes, and the preprocessing: none | zero-center | standardize.</summary>
public sealed record DatasetSpecDocument(string Name, int? TrainSize, int? ValidationSize, string? Preprocessing);
