namespace HyperSearch.Engine;

/// <summary>
/// Result of the lecture's first sanity check. Loss: mean softmax loss of a small-random-init
/// model (λ = 0) in eval mode; Expected: ln C; LossWithRegularization: the same model's loss with
/// λ/2·Σw² added for λ = <see cref="Regularization"/>. Passed when |Loss − ln C| &lt; 0.05·ln C and the
/// regularised loss is higher.
/// </summary>
public sealed record InitialLossCheck(double Loss, double Expected, double Regularization, double LossWithRegularization, bool Passed);
