namespace HyperSearch.Search;

/// <summary>One point of a best-so-far curve: after <paramref name="TrialNumber"/> trials (1-based), the best validation accuracy.</summary>
/// <param name="Index">The trial's <see cref="TrialOutcome.Index"/>.</param>
/// <param name="ValidationAccuracy">This trial's own accuracy (null if it failed or diverged).</param>
/// <param name="BestSoFar">The best over trials 1…TrialNumber (null while none has succeeded).</param>
public sealed record BestSoFarPoint(int TrialNumber, int Index, double? ValidationAccuracy, double? BestSoFar);
