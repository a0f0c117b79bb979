namespace HyperSearch.Engine;

/// <summary>
/// Health of one hidden layer (or conv block) after an epoch, measured in eval mode on one validation batch
/// — or, for the epoch-0 picture (<see cref="TrainingResult.InitialLayers"/>), at initialisation before any
/// update, with batch norm normalising by the batch's own statistics as the first mini-batch will.
/// DeadFraction: units never active on the batch (ReLU family: output ≤ 0 for every row; 0 for
/// the others). SaturatedFraction: activations in the flat tails (sigmoid &lt; 0.01 or &gt; 0.99, |tanh| &gt; 0.99;
/// 0 for the others). UpdateToWeightRatio: ‖ΔW‖/‖W‖ of the layer's weight matrix over the epoch's
/// last update (≈ 1e-3 is healthy, per the lecture; 0 at epoch 0).
/// </summary>
public sealed record LayerDiagnostics(
    int Layer,
    double ActivationMean,
    double ActivationStd,
    double DeadFraction,
    double SaturatedFraction,
    double UpdateToWeightRatio)
{
    /// <summary>‖∂L/∂W‖ (Frobenius) of the layer's weights at the epoch's last mini-batch, before the L2 term; NaN at epoch 0.</summary>
    public double GradientNorm { get; init; } = double.NaN;

    /// <summary>The distribution of the layer's activations on the measured batch (the lecture's per-layer histogram).</summary>
    public LayerHistogram? Histogram { get; init; }
}

/// <summary>
/// Counts of activations in <see cref="Bins"/> equal-width bins spanning [Min, Max], the smallest and largest
/// activation measured (all values fall in the last bin when Min = Max).
/// </summary>
public sealed record LayerHistogram(double Min, double Max, IReadOnlyList<long> Counts)
{
    public const int Bins = 20;

    internal static LayerHistogram Of(ReadOnlySpan<float> a)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (float v in a)
        {
            if (float.IsFinite(v))
            {
                min = MathF.Min(min, v);
                max = MathF.Max(max, v);
            }
        }

        var counts = new long[Bins];
        if (min > max)
        {
            return new LayerHistogram(0, 0, counts);
        }

        double width = ((double)max - min) / Bins;
        foreach (float v in a)
        {
            if (float.IsFinite(v))
            {
                int bin = width > 0 ? (int)((v - min) / width) : Bins - 1;
                counts[Math.Clamp(bin, 0, Bins - 1)]++;
            }
        }

        return new LayerHistogram(min, max, counts);
    }
}
