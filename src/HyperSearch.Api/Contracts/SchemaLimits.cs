namespace HyperSearch.Api.Contracts;

/// <summary>Hard limits of a spec (breaking one is a 400 naming the field).</summary>
public sealed record SchemaLimits(
    int MaxTrialsPerStage,
    int MaxTotalTrials,
    int MaxEpochs,
    int MaxStages,
    int MaxGridPoints,
    int MaxGridSize,
    int MaxActiveSearches,
    int MaxComparisonBudget,
    int MaxNameLength);
