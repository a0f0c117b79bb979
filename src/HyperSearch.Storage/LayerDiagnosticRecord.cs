namespace HyperSearch.Storage;

/// <summary>Per hidden layer health after an epoch (epoch 0: at initialisation): activation statistics and histogram, dead/saturated units, update ratio, gradient norm.</summary>
public sealed record LayerDiagnosticRecord(
    Guid TrialId,
    int Epoch,
    int Layer,
    double ActivationMean,
    double ActivationStd,
    double DeadFraction,
    double SaturatedFraction,
    double UpdateToWeightRatio)
{
    /// <summary>‖∂L/∂W‖ at the epoch's last mini-batch (NaN at epoch 0 or when unknown).</summary>
    public double GradientNorm { get; init; } = double.NaN;

    /// <summary>The activation histogram as JSON {"min", "max", "counts"}, or null.</summary>
    public string? HistogramJson { get; init; }
}
