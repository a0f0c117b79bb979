namespace HyperSearch.Engine;

/// <summary>
/// The end of a run. TrainingSeconds counts mini-batch work only (not the end-of-epoch evaluations),
/// so SamplesTrained / TrainingSeconds is the throughput figure of the reference workload. For a run
/// resumed from a checkpoint, Epochs lists only the epochs this call trained (numbered on from the
/// checkpoint's), while InitialLoss, SamplesTrained and TrainingSeconds cover the whole run since
/// its fresh start; the final accuracies and losses are those of the last epoch this call trained
/// (NaN when it trained none).
/// </summary>
public sealed record TrainingResult(
    TrainingOutcome Outcome,
    double InitialLoss,
    IReadOnlyList<EpochMetrics> Epochs,
    string? DivergenceReason,
    double TrainingSeconds,
    long SamplesTrained)
{
    /// <summary>
    /// Epoch 0: the per-layer diagnostics of the untrained network on one batch, before any update (batch norm
    /// on the batch's statistics, dropout off); null for a run resumed from a checkpoint.
    /// </summary>
    public IReadOnlyList<LayerDiagnostics>? InitialLayers { get; init; }

    /// <summary>The trained network (in whatever state the run stopped).</summary>
    public required Model Model { get; init; }

    public double TrainAccuracy => Epochs.Count > 0 ? Epochs[^1].TrainAccuracy : double.NaN;

    public double ValidationAccuracy => Epochs.Count > 0 ? Epochs[^1].ValidationAccuracy : double.NaN;

    public double TrainLoss => Epochs.Count > 0 ? Epochs[^1].TrainLoss : double.NaN;

    public double ValidationLoss => Epochs.Count > 0 ? Epochs[^1].ValidationLoss : double.NaN;

    public double SamplesPerSecond => TrainingSeconds > 0 ? SamplesTrained / TrainingSeconds : 0;

    /// <summary>The run's state when it ended on an epoch boundary (Completed or Stopped); null otherwise.</summary>
    internal TrainingState? ResumableState { get; init; }

    /// <summary>
    /// The run's whole training state after its last epoch, to continue it later by passing it as
    /// <c>resumeFrom</c> to <see cref="TensorEngine"/>.Train. Null when the run did not end on an epoch
    /// boundary (Diverged, Cancelled). Nothing is copied during training: the result keeps the final
    /// state (the optimiser's buffers, a reference to the training data) and each call copies it anew
    /// into a checkpoint (docs/engine.md has the size).
    /// </summary>
    public TrainingCheckpoint? CaptureCheckpoint() => ResumableState is { } state ? TrainingCheckpoint.Capture(state) : null;
}
