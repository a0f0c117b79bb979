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
    int? EpochsTrained = null,
    TrialDiagnosis? Diagnosis = null);

/// <summary>
/// A trial's diagnosis labels (docs/dashboard.md) and the JSON array [{"label", "evidence"}] they come with.
/// Written with each leg's result; a result without one keeps the stored diagnosis.
/// </summary>
public sealed record TrialDiagnosis(IReadOnlyList<string> Labels, string Json);
