namespace HyperSearch.Search;

/// <summary>What a comparison shows for one search (random or grid) over its trials.</summary>
/// <param name="BestSoFar">The best-so-far curve, one point per trial in index order.</param>
/// <param name="DistinctValues">How many different values each parameter took (the lecture's point: random tries more).</param>
/// <param name="FinalBest">The best validation accuracy, or null if no trial succeeded.</param>
/// <param name="BestTrialIndex">The <see cref="TrialOutcome.Index"/> of the (earliest) best trial.</param>
/// <param name="TrialsToTarget">How many trials it took for the best to reach the target, or null if never (or no target).</param>
public sealed record SearchStatistics(
    IReadOnlyList<BestSoFarPoint> BestSoFar,
    IReadOnlyDictionary<string, int> DistinctValues,
    double? FinalBest,
    int? BestTrialIndex,
    int? TrialsToTarget,
    int TrialCount,
    int SucceededCount);
