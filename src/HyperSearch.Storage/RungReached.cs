namespace HyperSearch.Storage;

/// <summary>A trial of a search reached an ASHA rung after <see cref="Epochs"/> epochs, at <see cref="ReachedAt"/> (objective NaN when not finite).</summary>
public sealed record RungReached(Guid TrialId, int Epochs, double Objective, DateTimeOffset ReachedAt);
