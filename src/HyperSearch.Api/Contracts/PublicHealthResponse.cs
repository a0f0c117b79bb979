namespace HyperSearch.Api.Contracts;

/// <summary>/health for an anonymous caller when access control is on: the status alone, no internals (backend, errors, workers, hosts).</summary>
public sealed record PublicHealthResponse(string Status);
