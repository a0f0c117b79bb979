namespace HyperSearch.Search;

/// <summary>The next stage's space, what happened to each parameter, and the trials it was built from.</summary>
public sealed record RefinementResult(
    SearchSpace Space,
    IReadOnlyDictionary<string, RangeChange> Changes,
    IReadOnlyList<TrialOutcome> TopTrials);
