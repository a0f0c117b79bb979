namespace HyperSearch.Engine;

/// <summary>
/// Hyperparameters of one training run. Regularization is the L2 strength λ: every parameter w
/// (weights and biases of the linear layers, and batch-norm γ/β) gets λ·w added to its gradient
/// before the update, exactly as PyTorch's <c>weight_decay</c> (for Adam too, i.e. coupled L2, not
/// AdamW), and every loss the engine reports includes the matching penalty λ/2·Σw² so the reported
/// loss is the objective actually minimised. The same holds for <see cref="LabelSmoothing"/>: with
/// ε &gt; 0 every reported loss is the cross-entropy against the smoothed targets (+ λ/2·Σw²).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The engine's hard limit on <see cref="CropPadding"/> (the search registry allows 0–8).</summary>
    internal const int MaxCropPadding = 64;

    public double LearningRate { get; init; } = 0.01;

    public double Regularization { get; init; }

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.SgdMomentum;

    public double Momentum { get; init; } = 0.9;

    public int BatchSize { get; init; } = 128;

    /// <summary>
    /// The run's total epoch count. A run resumed from a checkpoint taken after epoch e trains epochs
    /// e + 1 … Epochs (not Epochs more), and may not have Epochs &lt; e.
    /// </summary>
    public int Epochs { get; init; } = 1;

    public LearningRateDecay Decay { get; init; } = LearningRateDecay.None;

    /// <summary>Multiplier per step (Step) or per epoch (Exponential).</summary>
    public double DecayRate { get; init; } = 0.5;

    public int DecayStepEpochs { get; init; } = 1;

    public long Seed { get; init; }

    /// <summary>Threads for this run's kernels; 0 lets the engine's core budget decide.</summary>
    public int Threads { get; init; }

    /// <summary>Drop the last partial mini-batch of each epoch (the reference workload does).</summary>
    public bool DropLastPartialBatch { get; init; } = true;

    public double AdamBeta1 { get; init; } = 0.9;

    public double AdamBeta2 { get; init; } = 0.999;

    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>
    /// Label smoothing ε in [0, 1): the softmax cross-entropy is taken against the target
    /// (1 − ε)·onehot + ε/C, as PyTorch's <c>CrossEntropyLoss(label_smoothing=ε)</c>. Every loss the engine
    /// reports (InitialLoss, the per-batch loss the divergence rule reads, RunningTrainLoss, TrainLoss,
    /// ValidationLoss) is this smoothed objective, the one actually minimised, so it does not fall to 0
    /// on a perfectly fitted set (its floor is the entropy of the smoothed target). Accuracies are
    /// unaffected. 0 (the default) is exactly the plain cross-entropy, bit for bit.
    /// </summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Rows of the training set used for the end-of-epoch eval-mode train metrics (seeded, fixed per run).</summary>
    public int TrainEvaluationRows { get; init; } = 10_000;

    /// <summary>
    /// Random-crop augmentation P (0, the default, is off): every training image of every mini-batch is
    /// zero-padded by P pixels on each side and cropped back to H×W at an offset drawn uniformly from
    /// [0, 2P]², i.e. shifted by up to P pixels (torchvision's <c>RandomCrop(size, padding=P)</c>). Needs
    /// <see cref="ModelSpec.InputShape"/>. Evaluation (validation, train metrics, test) never augments.
    /// </summary>
    public int CropPadding { get; init; }

    /// <summary>
    /// Horizontal-flip augmentation: every training image of every mini-batch is mirrored left-right with
    /// probability ½ (after the crop). Needs <see cref="ModelSpec.InputShape"/>; evaluation never flips.
    /// </summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>Whether training batches are augmented (drawn from the <c>RngStreams.Augmentation</c> stream).</summary>
    internal bool Augments => CropPadding > 0 || HorizontalFlip;

    internal void Validate()
    {
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Learning rate must be positive.");
        }

        if (!(Regularization >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(Regularization), Regularization, "Regularization must be ≥ 0.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        if (!(LabelSmoothing >= 0 && LabelSmoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, "Label smoothing must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(Epochs);
        ArgumentOutOfRangeException.ThrowIfNegative(Threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DecayStepEpochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TrainEvaluationRows);
        if (CropPadding is < 0 or > MaxCropPadding)
        {
            throw new ArgumentOutOfRangeException(nameof(CropPadding), CropPadding, $"Crop padding must be in [0, {MaxCropPadding}].");
        }
    }

    internal double LearningRateAt(int epoch) => Decay switch
    {
        LearningRateDecay.Step => LearningRate * Math.Pow(DecayRate, epoch / DecayStepEpochs),
        LearningRateDecay.Exponential => LearningRate * Math.Pow(DecayRate, epoch),
        _ => LearningRate,
    };
}
