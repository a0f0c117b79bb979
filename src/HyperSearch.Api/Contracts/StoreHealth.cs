namespace HyperSearch.Api.Contracts;

/// <summary>Whether the store answered a round trip.</summary>
public sealed record StoreHealth(string Provider, bool Ok, string? Error);
