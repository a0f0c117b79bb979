using HyperSearch.Engine;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>Engine results → stored records. Non-finite numbers (a diverged loss) are stored as null, never as NaN.</summary>
public static class MetricsMapping
{
    public static (EpochRecord Epoch, IReadOnlyList<LayerDiagnosticRecord> Layers) ToRecords(Guid trialId, EpochMetrics m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var epoch = new EpochRecord(trialId, m.Epoch, Finite(m.TrainLoss), Finite(m.TrainAccuracy), Finite(m.ValidationLoss), Finite(m.ValidationAccuracy), Finite(m.LearningRate), m.Seconds);
        return (epoch, ToRecords(trialId, m.Epoch, m.Layers));
    }

    /// <summary>One epoch's layers (epoch 0: the untrained network) as stored rows, the histogram as JSON {"min", "max", "counts"}.</summary>
    public static IReadOnlyList<LayerDiagnosticRecord> ToRecords(Guid trialId, int epoch, IReadOnlyList<LayerDiagnostics> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return layers
            .Select(l => new LayerDiagnosticRecord(trialId, epoch, l.Layer, Finite(l.ActivationMean), Finite(l.ActivationStd), Finite(l.DeadFraction), Finite(l.SaturatedFraction), Finite(l.UpdateToWeightRatio))
            {
                GradientNorm = Finite(l.GradientNorm),
                HistogramJson = l.Histogram is { } h ? System.Text.Json.JsonSerializer.Serialize(new { min = h.Min, max = h.Max, counts = h.Counts }) : null,
            })
            .ToList();
    }

    /// <summary>
    /// A finished trial: train and validation accuracy of the final model (measured on the same model
    /// state by the engine), their gap, and the overfit flag that follows from it.
    /// </summary>
    public static TrialOutcome Completed(TrainingResult result, double overfitGap, double seconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        var train = OrNull(result.TrainAccuracy);
        var val = OrNull(result.ValidationAccuracy);
        double? gap = train is not null && val is not null ? train - val : null;
        return new TrialOutcome(
            TrialStatus.Completed,
            train,
            val,
            gap,
            gap is null ? null : gap > overfitGap,
            OrNull(result.TrainLoss),
            OrNull(result.ValidationLoss),
            OrNull(result.InitialLoss),
            seconds,
            null);
    }

    /// <summary>A run stopped because its loss exploded (NaN, or above 3× the initial loss, as the lecture advises).</summary>
    public static TrialOutcome Diverged(TrainingResult result, double seconds)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new TrialOutcome(
            TrialStatus.Diverged,
            null,
            null,
            null,
            null,
            OrNull(result.TrainLoss),
            OrNull(result.ValidationLoss),
            OrNull(result.InitialLoss),
            seconds,
            result.DivergenceReason ?? "the loss diverged");
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : double.NaN;

    private static double? OrNull(double v) => double.IsFinite(v) ? v : null;
}
