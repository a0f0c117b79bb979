namespace HyperSearch.Service.Specs;

/// <summary>Which data a search trains on, how much of it, and how it is preprocessed.</summary>
public sealed record DatasetSpec(string Name, int? TrainSize, int? ValidationSize, string Preprocessing);
