namespace HyperSearch.Service.Specs;

/// <summary>
/// Which data a search trains on, how much of it, how it is split (null = the dataset's default:
/// ordered for image sets, a seeded shuffle otherwise) and how it is preprocessed.
/// </summary>
public sealed record DatasetSpec(string Name, int? TrainSize, int? ValidationSize, string Preprocessing, string? Split = null);
