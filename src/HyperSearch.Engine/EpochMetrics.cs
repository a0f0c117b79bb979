namespace HyperSearch.Engine;

/// <summary>
/// One epoch. Train* and Validation* are measured on the same end-of-epoch model state in eval mode
/// (batch-norm running statistics, no dropout): Train* on a fixed seeded subset of at most
/// TrainingOptions.TrainEvaluationRows training rows, so TrainAccuracy − ValidationAccuracy is a
/// meaningful gap. Losses include λ/2·Σw². RunningTrainLoss is the mean training-mode mini-batch
/// objective during the epoch (what a loss curve usually plots). Seconds is the epoch's mini-batch
/// time (the end-of-epoch evaluation excluded). Epoch counts from 1.
/// </summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double TrainAccuracy,
    double ValidationLoss,
    double ValidationAccuracy,
    double LearningRate,
    double Seconds,
    IReadOnlyList<LayerDiagnostics> Layers)
{
    public double RunningTrainLoss { get; init; }

    /// <summary>The run's first mini-batch loss (TrainingResult.InitialLoss), so a reading mid-run can compare against it.</summary>
    public double InitialLoss { get; init; } = double.NaN;

    public double AccuracyGap => TrainAccuracy - ValidationAccuracy;
}
