using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// One hidden layer (or conv block) after one epoch, measured on a validation batch — epoch 0 is the untrained
/// network, before any update, with batch norm on the batch's own statistics: activation mean/std (collapse or
/// saturation), the fraction of dead units (ReLU family: never active) and saturated units (sigmoid/tanh), the
/// update-to-weight ratio (≈ 1e-3 is healthy; 0 at epoch 0), the weight gradient's norm at the epoch's last
/// mini-batch (null at epoch 0), and a histogram of the activations. Null where the value was not finite.
/// </summary>
public sealed record LayerDiagnosticsResponse(
    int Epoch,
    int Layer,
    double? ActivationMean,
    double? ActivationStd,
    double? DeadFraction,
    double? SaturatedFraction,
    double? UpdateToWeightRatio,
    double? GradientNorm,
    ActivationHistogramResponse? Histogram)
{
    public static LayerDiagnosticsResponse From(HyperSearch.Storage.LayerDiagnosticRecord l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return new(l.Epoch, l.Layer, WireNumbers.Finite(l.ActivationMean), WireNumbers.Finite(l.ActivationStd), WireNumbers.Finite(l.DeadFraction),
            WireNumbers.Finite(l.SaturatedFraction), WireNumbers.Finite(l.UpdateToWeightRatio), WireNumbers.Finite(l.GradientNorm),
            l.HistogramJson is { } h ? JsonSerializer.Deserialize<ActivationHistogramResponse>(h, JsonSerializerOptions.Web) : null);
    }
}

/// <summary>Counts of a layer's activations on the measured batch in equal-width bins from <c>min</c> to <c>max</c> (its smallest and largest activation).</summary>
public sealed record ActivationHistogramResponse(double Min, double Max, IReadOnlyList<long> Counts);
