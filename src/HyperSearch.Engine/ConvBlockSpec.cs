namespace HyperSearch.Engine;

/// <summary>
/// One convolutional block: Conv2d (KernelSize × KernelSize, <see cref="Filters"/> output channels,
/// <see cref="Stride"/>, zero <see cref="Padding"/>) → [BatchNorm2d] → the model's activation →
/// [2 × 2 max-pool, stride 2]. Padding null means "same" for odd kernels: (KernelSize − 1) / 2.
/// </summary>
public sealed record ConvBlockSpec(int Filters, int KernelSize = 3, bool BatchNorm = false, bool MaxPool = false)
{
    public int Stride { get; init; } = 1;

    /// <summary>Zero padding on every side; null: (KernelSize − 1) / 2.</summary>
    public int? Padding { get; init; }

    internal int EffectivePadding => Padding ?? ((KernelSize - 1) / 2);

    /// <summary>The block's output shape (after the pool) for an input of <paramref name="input"/>, or null when it does not fit.</summary>
    internal ImageShape? OutputShape(ImageShape input)
    {
        int p = EffectivePadding;
        int h = ((input.Height + (2 * p) - KernelSize) / Stride) + 1;
        int w = ((input.Width + (2 * p) - KernelSize) / Stride) + 1;
        if (input.Height + (2 * p) < KernelSize || input.Width + (2 * p) < KernelSize || h < 1 || w < 1)
        {
            return null;
        }

        if (MaxPool)
        {
            if (h < 2 || w < 2)
            {
                return null;
            }

            h /= 2;
            w /= 2;
        }

        return new ImageShape(Filters, h, w);
    }
}
