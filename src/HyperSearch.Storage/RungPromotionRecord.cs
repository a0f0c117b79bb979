namespace HyperSearch.Storage;

/// <summary>A promotion decided inside <see cref="ISearchStore.ReportRungAsync"/>: the paused trial trains on until it has TargetEpochs epochs.</summary>
public sealed record RungPromotionRecord(Guid TrialId, int FromRung, int TargetEpochs);
