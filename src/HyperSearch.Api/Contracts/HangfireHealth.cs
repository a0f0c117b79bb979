namespace HyperSearch.Api.Contracts;

/// <summary>Whether Hangfire's storage answered, and the servers and workers it knows (across processes in Postgres mode).</summary>
public sealed record HangfireHealth(bool Ok, int Servers, int Workers, string? Error);
