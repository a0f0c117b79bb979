namespace HyperSearch.Storage;

/// <summary>Metrics of one epoch (1-based) of a trial, written as the trial runs.</summary>
public sealed record EpochRecord(
    Guid TrialId,
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double Seconds);
