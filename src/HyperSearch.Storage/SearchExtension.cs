namespace HyperSearch.Storage;

/// <summary>
/// What adding a stage to a search writes, decided inside <see cref="ISearchStore.ExtendSearchAsync"/>'s
/// transaction: the search's new spec and stage count, and — when the stage can start now — its stage row
/// and queued trials (<see cref="Resume"/>: a completed search goes back to running). Without
/// <see cref="Stage"/> the stage is only recorded, and the search's Advance plans it when its turn comes.
/// </summary>
public sealed record SearchExtension(string SpecJson, int StageCount, StageRecord? Stage, IReadOnlyList<TrialRecord> Trials, bool Resume);
