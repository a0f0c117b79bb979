namespace HyperSearch.Service.Specs;

/// <summary>
/// Hard limits on a submitted spec (documented in docs/api.md; breaking one is a 400 naming the field).
/// The grid size limit is the search library's <c>SearchLimits.MaxGridSize</c>; the request size is the API's.
/// </summary>
public sealed record SpecLimits
{
    public static SpecLimits Default { get; } = new();

    public int MaxTrialsPerStage { get; init; } = 10_000;
    public int MaxTotalTrials { get; init; } = 20_000;
    public int MaxEpochs { get; init; } = 1_000;
    public int MaxStages { get; init; } = 5;
    public int MaxGridPoints { get; init; } = 100;
    public int MaxActiveSearches { get; init; } = 20;
    public int MaxComparisonBudget { get; init; } = 2_000;
    public int MaxNameLength { get; init; } = 200;
}
