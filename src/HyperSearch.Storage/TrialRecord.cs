namespace HyperSearch.Storage;

/// <summary>
/// One trial: a point of the space trained for <see cref="Epochs"/> epochs. Metrics are null until the
/// trial ends. <see cref="AccuracyGap"/> = TrainAccuracy − ValidationAccuracy of the same model;
/// <see cref="Overfit"/> = AccuracyGap &gt; the search's overfit gap.
/// </summary>
public sealed record TrialRecord(
    Guid Id,
    Guid SearchId,
    int Stage,
    int Index,
    TrialStatus Status,
    string HyperparametersJson,
    int Seed,
    int Epochs,
    DateTimeOffset CreatedAt,
    double? TrainAccuracy = null,
    double? ValidationAccuracy = null,
    double? AccuracyGap = null,
    bool? Overfit = null,
    double? TrainLoss = null,
    double? ValidationLoss = null,
    double? InitialLoss = null,
    double? DurationSeconds = null,
    string? Worker = null,
    int Attempts = 0,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    string? Error = null,
    int EpochsTrained = 0,
    int? Rung = null,
    int? TargetEpochs = null,
    string? DiagnosisJson = null)
{
    /// <summary>How far the trial's next leg trains: the next rung under ASHA, else every epoch.</summary>
    public int LegEpochs => TargetEpochs ?? Epochs;
}
