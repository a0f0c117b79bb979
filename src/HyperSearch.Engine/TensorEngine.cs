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
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Interlocked.Increment(ref _activeTrials);
        try
        {
            int fixedThreads = options.Threads > 0 ? Math.Min(options.Threads, CoreBudget) : 0;
            var trainer = new Trainer(spec, options, train, validation, () => fixedThreads > 0 ? fixedThreads : ThreadsForOneTrial());
            return trainer.Run(onEpoch, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _activeTrials);
        }
    }

    private int ThreadsForOneTrial() => Math.Max(1, CoreBudget / Math.Max(1, Volatile.Read(ref _activeTrials)));
}
