namespace HyperSearch.Storage;

/// <summary>The final result of a trial, written once (see <see cref="ISearchStore.CompleteTrialAsync"/>).</summary>
public sealed record TrialOutcome(
    TrialStatus Status,
    double? TrainAccuracy,
    double? ValidationAccuracy,
    double? AccuracyGap,
    bool? Overfit,
    double? TrainLoss,
    double? ValidationLoss,
    double? InitialLoss,
    double DurationSeconds,
    string? Error,
    int? EpochsTrained = null);
