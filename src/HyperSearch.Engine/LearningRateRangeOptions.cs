namespace HyperSearch.Engine;

/// <summary>
/// Settings of a learning-rate range test (<see cref="LearningRateRangeTest"/>): the learning rate grows
/// exponentially from <see cref="MinLearningRate"/> to <see cref="MaxLearningRate"/> over
/// <see cref="Steps"/> mini-batches; the loss is smoothed with an exponential moving average of factor
/// <see cref="Smoothing"/> (bias-corrected), and the test stops once the smoothed loss exceeds
/// <see cref="DivergenceFactor"/> × the lowest smoothed loss so far.
/// </summary>
public sealed record LearningRateRangeOptions
{
    /// <summary>The most steps a test may take (the engine's bound; the API's is lower).</summary>
    public const int MaxSteps = 10_000;

    public double MinLearningRate { get; init; } = 1e-6;

    public double MaxLearningRate { get; init; } = 10;

    public int Steps { get; init; } = 200;

    /// <summary>β of the moving average: smoothed_i = (β·avg_{i−1} + (1 − β)·loss_i) / (1 − β^(i+1)).</summary>
    public double Smoothing { get; init; } = 0.9;

    public double DivergenceFactor { get; init; } = 4;

    internal void Validate()
    {
        if (!(MinLearningRate > 0) || !double.IsFinite(MinLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(MinLearningRate), MinLearningRate, "The smallest learning rate must be positive and finite.");
        }

        if (!(MaxLearningRate > MinLearningRate) || !double.IsFinite(MaxLearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLearningRate), MaxLearningRate, "The largest learning rate must be finite and above the smallest.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Steps, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Steps, MaxSteps);
        if (!(Smoothing >= 0 && Smoothing < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Smoothing), Smoothing, "Smoothing must be in [0, 1).");
        }

        if (!(DivergenceFactor > 1) || !double.IsFinite(DivergenceFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(DivergenceFactor), DivergenceFactor, "The divergence factor must be finite and above 1.");
        }
    }
}
