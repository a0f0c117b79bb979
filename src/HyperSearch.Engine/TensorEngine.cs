namespace HyperSearch.Engine;

/// <summary>
/// The process-wide training engine. It owns a core budget shared by all concurrent trials: a trial
/// with TrainingOptions.Threads = 0 gets budget / (trials running now) threads, re-read before every
/// mini-batch, so a lone trial uses every core and several trials run single-threaded each. The
/// kernels give bit-identical results for any thread count, so this sharing never changes metrics.
/// </summary>
public sealed class TensorEngine
{
    private int _activeTrials;

    public TensorEngine(int coreBudget)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(coreBudget);
        CoreBudget = coreBudget;
    }

    /// <summary>One engine per process, with every processor in its budget.</summary>
    public static TensorEngine Shared { get; } = new(Environment.ProcessorCount);

    public int CoreBudget { get; }

    public int ActiveTrials => Volatile.Read(ref _activeTrials);

    /// <summary>
    /// Builds the model from <paramref name="spec"/> and trains it on <paramref name="train"/>,
    /// calling <paramref name="onEpoch"/> after each epoch. Cancellation is checked between
    /// mini-batches and returns a result with Outcome Cancelled (it does not throw).
    /// </summary>
    public TrainingResult Train(
        ModelSpec spec,
        TrainingOptions options,
        TrainingData train,
        TrainingData validation,
        Action<EpochMetrics>? onEpoch = null,
        CancellationToken cancellationToken = default) =>
        Train(
            spec, options, train, validation, resumeFrom: null,
            onEpoch is null ? null : metrics =>
            {
                onEpoch(metrics);
                return EpochDecision.Continue;
            },
            cancellationToken);

    /// <summary>
    /// As above, optionally continuing a run from <paramref name="resumeFrom"/> (null: a fresh start),
    /// and with a callback that may end the run after any epoch (<see cref="EpochDecision.Stop"/>, Outcome
    /// Stopped). TrainingOptions.Epochs is the run's total target: a checkpoint taken after epoch 3 and
    /// resumed with Epochs = 9 trains epochs 4…9, and every metric, the final model and the result's
    /// counters are bit-identical to training 9 epochs in one call. The checkpoint must come from the same
    /// spec, options (all but Epochs and Threads) and training data, or this throws ArgumentException
    /// before training; Epochs below the checkpoint's epoch throws too. A fresh run calls
    /// <paramref name="onInitialised"/> once, before its first update, with the epoch-0 diagnostics
    /// (TrainingResult.InitialLayers).
    /// </summary>
    public TrainingResult Train(
        ModelSpec spec,
        TrainingOptions options,
        TrainingData train,
        TrainingData validation,
        TrainingCheckpoint? resumeFrom,
        Func<EpochMetrics, EpochDecision>? onEpoch = null,
        CancellationToken cancellationToken = default,
        Action<IReadOnlyList<LayerDiagnostics>>? onInitialised = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Interlocked.Increment(ref _activeTrials);
        try
        {
            int fixedThreads = options.Threads > 0 ? Math.Min(options.Threads, CoreBudget) : 0;
            var trainer = new Trainer(spec, options, train, validation, () => fixedThreads > 0 ? fixedThreads : ThreadsForOneTrial());
            return trainer.Run(resumeFrom, onEpoch, cancellationToken, onInitialised);
        }
        finally
        {
            Interlocked.Decrement(ref _activeTrials);
        }
    }

    /// <summary>
    /// Runs a learning-rate range test (<see cref="LearningRateRangeTest"/>) on a fresh model built from
    /// <paramref name="spec"/> and TrainingOptions.Seed. It shares the core budget as a trial does (it counts as
    /// one of the trials running), and, the kernels being bit-identical at any thread count, its curve does
    /// not depend on what else runs. <paramref name="range"/> null: the defaults (1e-6 … 10 over 200 steps).
    /// </summary>
    public LearningRateRangeResult FindLearningRate(
        ModelSpec spec, TrainingOptions options, TrainingData train, LearningRateRangeOptions? range = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Interlocked.Increment(ref _activeTrials);
        try
        {
            int fixedThreads = options.Threads > 0 ? Math.Min(options.Threads, CoreBudget) : 0;
            return LearningRateRangeTest.Run(
                spec, options, train, range ?? new LearningRateRangeOptions(), () => fixedThreads > 0 ? fixedThreads : ThreadsForOneTrial(), cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _activeTrials);
        }
    }

    /// <summary>
    /// The model <paramref name="checkpoint"/> holds, restored without training a step: the network a run had
    /// after the checkpoint's epoch, ready to <see cref="Model.Evaluate"/>. The checkpoint must come from the
    /// same spec, options (all but Epochs and Threads) and training data, or this throws ArgumentException, as
    /// resuming does.
    /// </summary>
    public Model Restore(ModelSpec spec, TrainingOptions options, TrainingData train, TrainingCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(checkpoint);
        var model = checkpoint.Restore(spec, options with { Epochs = Math.Max(options.Epochs, checkpoint.Epoch) }, train).Model;
        model.Threads = options.Threads > 0 ? Math.Min(options.Threads, CoreBudget) : ThreadsForOneTrial();
        return model;
    }

    private int ThreadsForOneTrial() => Math.Max(1, CoreBudget / Math.Max(1, Volatile.Read(ref _activeTrials)));
}
