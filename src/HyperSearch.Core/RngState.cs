namespace HyperSearch.Core;

/// <summary>Everything an <see cref="Rng"/> holds: the xoshiro256** words and the spare Box–Muller normal.</summary>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, double Spare, bool HasSpare);
