namespace HyperSearch.Storage;

/// <summary>
/// Proof that one executor owns a running trial. Every write of a running trial carries the token;
/// a stale executor (whose lease expired and whose trial was claimed again) can no longer write.
/// </summary>
public sealed record TrialClaim(Guid TrialId, Guid Token, string Worker, int Attempt);
