namespace HyperSearch.Engine;

/// <summary>
/// The end of a run. TrainingSeconds counts mini-batch work only (not the end-of-epoch evaluations),
/// so SamplesTrained / TrainingSeconds is the throughput figure of the reference workload.
/// </summary>
public sealed record TrainingResult(
    TrainingOutcome Outcome,
    double InitialLoss,
    IReadOnlyList<EpochMetrics> Epochs,
    string? DivergenceReason,
    double TrainingSeconds,
    long SamplesTrained)
{
    /// <summary>The trained network (in whatever state the run stopped).</summary>
    public required Model Model { get; init; }

    public double TrainAccuracy => Epochs.Count > 0 ? Epochs[^1].TrainAccuracy : double.NaN;

    public double ValidationAccuracy => Epochs.Count > 0 ? Epochs[^1].ValidationAccuracy : double.NaN;

    public double TrainLoss => Epochs.Count > 0 ? Epochs[^1].TrainLoss : double.NaN;

    public double ValidationLoss => Epochs.Count > 0 ? Epochs[^1].ValidationLoss : double.NaN;

    public double SamplesPerSecond => TrainingSeconds > 0 ? SamplesTrained / TrainingSeconds : 0;
}
