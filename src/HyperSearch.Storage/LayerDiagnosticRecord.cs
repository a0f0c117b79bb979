namespace HyperSearch.Storage;

/// <summary>Per hidden layer health after an epoch: activation statistics, dead/saturated units, update ratio.</summary>
public sealed record LayerDiagnosticRecord(
    Guid TrialId,
    int Epoch,
    int Layer,
    double ActivationMean,
    double ActivationStd,
    double DeadFraction,
    double SaturatedFraction,
    double UpdateToWeightRatio);
