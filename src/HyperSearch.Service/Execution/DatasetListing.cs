namespace HyperSearch.Service.Execution;

/// <summary>A dataset as listed: built-in (with availability and how to get it) or uploaded.</summary>
public sealed record DatasetListing(string Name, string Kind, int Samples, int Features, int Classes, bool Available, string? Message, string? Description);
