namespace HyperSearch.Api.Contracts;

/// <summary>A dataset the searches can use; when <c>available</c> is false, <c>message</c> says how to get it.</summary>
public sealed record DatasetResponse(string Name, string Kind, int Samples, int Features, int Classes, bool Available, string? Message, string Description);
