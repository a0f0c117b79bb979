namespace HyperSearch.Engine;

/// <summary>
/// What one trial of a model costs before it is built: its trainable parameters and the bytes of its
/// weights and their gradients, of the optimiser's state (Adam keeps two moments per parameter, SGD
/// with momentum or Nesterov one velocity, plain SGD none) and of the training activations at the batch
/// size (the buffers <see cref="Workspace"/> allocates, plus batch norm's normalised copies and
/// dropout's masks). Computed from the spec alone, in 64-bit arithmetic, so a submit can refuse a model
/// far too big to build (the service's per-trial size cap) without allocating it.
/// </summary>
/// <param name="Parameters">Trainable parameters (weights, biases, batch-norm γ and β): <see cref="Model.ParameterCount"/> once built.</param>
/// <param name="WeightBytes">Parameters and their gradients (float32 each).</param>
/// <param name="OptimizerBytes">The optimiser's per-parameter state.</param>
/// <param name="ActivationBytes">Forward and backward activation buffers for one training batch.</param>
/// <param name="ConvParameters">The part of <paramref name="Parameters"/> in the conv blocks (0 for an MLP).</param>
public sealed record ModelFootprint(long Parameters, long WeightBytes, long OptimizerBytes, long ActivationBytes, long ConvParameters)
{
    /// <summary>Everything a training run holds for its model: weights, optimiser state and activations.</summary>
    public long TotalBytes => WeightBytes + OptimizerBytes + ActivationBytes;

    /// <summary>Optimiser state per parameter: Adam 2 (m, v), SGD with momentum or Nesterov 1 (velocity), SGD 0.</summary>
    public static int OptimizerSlots(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Adam => 2,
        OptimizerKind.SgdMomentum or OptimizerKind.Nesterov => 1,
        _ => 0,
    };

    /// <summary>The footprint of training <paramref name="spec"/> with <paramref name="optimizer"/> in batches of <paramref name="batchSize"/>.</summary>
    /// <exception cref="ArgumentException">The spec is invalid (e.g. conv blocks that do not fit the image).</exception>
    public static ModelFootprint Estimate(ModelSpec spec, OptimizerKind optimizer, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        spec.Validate();
        long b = batchSize;
        long parameters = 0;
        long activations = (b * spec.InputSize) + b /* labels */ + (2 * b * spec.Classes) /* logits and their gradient */;

        ImageShape[] shapes = spec.ConvOutputShapes();
        ImageShape? input = spec.InputShape;
        for (int i = 0; i < shapes.Length; i++)
        {
            var c = spec.ConvBlocks[i];
            parameters += ((long)c.KernelSize * c.KernelSize * input!.Channels * c.Filters) + c.Filters + (c.BatchNorm ? 2L * c.Filters : 0);
            int p = c.EffectivePadding;
            long convOut = (long)(((input.Height + (2 * p) - c.KernelSize) / c.Stride) + 1) * (((input.Width + (2 * p) - c.KernelSize) / c.Stride) + 1) * c.Filters;
            activations += 2 * b * convOut; // activated output and its gradient
            if (c.MaxPool)
            {
                activations += 2 * b * shapes[i].Size; // pooled output and its gradient
            }

            input = shapes[i];
        }

        long convParameters = parameters;
        int pieces = spec.Activation == Activation.Maxout ? spec.MaxoutPieces : 1;
        long fanIn = spec.DenseInputSize;
        foreach (int width in spec.HiddenLayers)
        {
            long wide = (long)width * pieces;
            parameters += (fanIn * wide) + wide + (spec.BatchNorm ? 2 * wide : 0);
            // Z, its gradient and the gradient before the activation (wide); the activated output and its gradient (narrow).
            activations += (2 * b * wide) + (2 * b * width);
            if (spec.BatchNorm)
            {
                activations += 3 * b * wide; // normalised output, its gradient, batch norm's x̂
            }

            if (spec.Dropout > 0f)
            {
                activations += 2 * b * width; // dropped output and the mask
            }

            fanIn = width;
        }

        parameters += (fanIn * spec.Classes) + spec.Classes;
        return new ModelFootprint(
            parameters,
            2 * sizeof(float) * parameters,
            (long)OptimizerSlots(optimizer) * sizeof(float) * parameters,
            sizeof(float) * activations,
            convParameters);
    }
}
