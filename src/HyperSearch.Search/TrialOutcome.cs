namespace HyperSearch.Search;

/// <summary>
/// A finished (or failed) trial as the search logic sees it. <paramref name="ValidationAccuracy"/>
/// is null for trials that failed or diverged: they count as tried but never as best.
/// </summary>
/// <param name="Index">The trial's position in its search's plan (orders the best-so-far curve).</param>
public sealed record TrialOutcome(int Index, Hyperparameters Hyperparameters, double? ValidationAccuracy);
