namespace HyperSearch.Api.Contracts;

/// <summary>
/// One hidden layer after one epoch, measured on a validation batch: activation mean/std (collapse or
/// saturation), the fraction of dead units (ReLU family: never active) and saturated units
/// (sigmoid/tanh), and the update-to-weight ratio (≈ 1e-3 is healthy). Null where the value was not finite.
/// </summary>
public sealed record LayerDiagnosticsResponse(int Epoch, int Layer, double? ActivationMean, double? ActivationStd, double? DeadFraction, double? SaturatedFraction, double? UpdateToWeightRatio)
{
    public static LayerDiagnosticsResponse From(HyperSearch.Storage.LayerDiagnosticRecord l)
    {
        ArgumentNullException.ThrowIfNull(l);
        return new(l.Epoch, l.Layer, WireNumbers.Finite(l.ActivationMean), WireNumbers.Finite(l.ActivationStd), WireNumbers.Finite(l.DeadFraction),
            WireNumbers.Finite(l.SaturatedFraction), WireNumbers.Finite(l.UpdateToWeightRatio));
    }
}
