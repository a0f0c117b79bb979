namespace HyperSearch.Storage;

/// <summary>
/// One stage of a coarse-to-fine search (1-based). <see cref="SpaceJson"/> is the search space the
/// stage sampled from (its ranges), as JSON.
/// </summary>
public sealed record StageRecord(
    Guid SearchId,
    int Stage,
    string SpaceJson,
    int Trials,
    int Epochs,
    DateTimeOffset CreatedAt);
