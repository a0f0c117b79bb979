namespace HyperSearch.Api.Contracts;

/// <summary>
/// One strategy of a comparison: its search, the best validation accuracy after each trial (in trial
/// order; null until a trial has an accuracy), the distinct values it tried per parameter, and its wall time.
/// </summary>
public sealed record ComparisonSideResponse(
    SearchSummaryResponse Search,
    IReadOnlyList<double?> BestSoFar,
    IReadOnlyDictionary<string, int> DistinctValues,
    double? BestValidationAccuracy,
    int? TrialsToTarget,
    double? WallSeconds,
    int Trials,
    string Name,
    int EpochsSpent,
    IReadOnlyList<EffortPointResponse> BestByEffort);
