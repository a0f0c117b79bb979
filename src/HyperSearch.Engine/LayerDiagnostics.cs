namespace HyperSearch.Engine;

/// <summary>
/// Health of one hidden layer after an epoch, measured in eval mode on one validation batch.
/// DeadFraction: units never active on the batch (ReLU family: output ≤ 0 for every row; 0 for
/// the others). SaturatedFraction: activations in the flat tails (sigmoid &lt; 0.01 or &gt; 0.99, |tanh| &gt; 0.99;
/// 0 for the others). UpdateToWeightRatio: ‖ΔW‖/‖W‖ of the layer's weight matrix over the epoch's
/// last update (≈ 1e-3 is healthy, per the lecture).
/// </summary>
public sealed record LayerDiagnostics(
    int Layer,
    double ActivationMean,
    double ActivationStd,
    double DeadFraction,
    double SaturatedFraction,
    double UpdateToWeightRatio);
