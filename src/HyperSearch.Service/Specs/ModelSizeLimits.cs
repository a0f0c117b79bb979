namespace HyperSearch.Service.Specs;

/// <summary>The per-trial model-size cap (HyperSearch__MaxTrialParameters, HyperSearch__MaxTrialMemoryBytes; see <see cref="ModelSizeValidation"/>).</summary>
/// <param name="MaxParameters">Trainable parameters of the largest model a spec may draw.</param>
/// <param name="MaxBytes">Bytes of its weights and gradients, optimiser state and training activations at the batch size.</param>
public sealed record ModelSizeLimits(long MaxParameters, long MaxBytes);
