namespace HyperSearch.Api.Contracts;

/// <summary>GET /health: overall status, the mode (embedded or postgres), the store, Hangfire, the dataset cache and this process's worker name.</summary>
public sealed record HealthResponse(string Status, string Mode, StoreHealth Store, HangfireHealth Hangfire, DatasetCacheHealth DatasetCache, string Process);
