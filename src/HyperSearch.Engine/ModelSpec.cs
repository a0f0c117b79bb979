namespace HyperSearch.Engine;

/// <summary>
/// An MLP: InputSize → HiddenLayers[0] → … → Classes. Each hidden layer is Linear → [BatchNorm1d] →
/// activation → [Dropout]. With Maxout the linear layer has width·MaxoutPieces outputs and the
/// activation takes the max over each unit's pieces (Goodfellow et al. 2013), so it has
/// MaxoutPieces times the parameters, as the lecture says.
/// With <see cref="ConvBlocks"/> the network is a CNN: the input rows are images of
/// <see cref="InputShape"/>, the conv blocks run first, and their last output, flattened, feeds the
/// hidden layers (the hidden layers' dropout does not apply to the conv blocks).
/// </summary>
public sealed record ModelSpec(
    int InputSize,
    IReadOnlyList<int> HiddenLayers,
    int Classes,
    Activation Activation,
    WeightInit WeightInit,
    bool BatchNorm,
    float Dropout = 0f,
    float LeakySlope = 0.01f,
    int MaxoutPieces = 2)
{
    /// <summary>The image shape of an input row (C, H, W), required with conv blocks; InputSize must equal its size.</summary>
    public ImageShape? InputShape { get; init; }

    /// <summary>Conv blocks before the hidden layers; empty (the default) for an MLP.</summary>
    public IReadOnlyList<ConvBlockSpec> ConvBlocks { get; init; } = [];

    /// <summary>Width of the first hidden layer's input: InputSize, or the flattened output of the last conv block.</summary>
    internal int DenseInputSize => ConvBlocks.Count == 0 ? InputSize : ConvOutputShapes()[^1].Size;

    /// <summary>The output shape of every conv block, in order (valid after <see cref="Validate"/>).</summary>
    internal ImageShape[] ConvOutputShapes()
    {
        var shapes = new ImageShape[ConvBlocks.Count];
        ImageShape? current = InputShape;
        for (int i = 0; i < shapes.Length; i++)
        {
            current = current is null ? null : ConvBlocks[i].OutputShape(current);
            shapes[i] = current ?? throw new ArgumentException($"Conv block {i + 1} does not fit its input (from {InputShape}).", nameof(ConvBlocks));
        }

        return shapes;
    }

    internal void Validate()
    {
        ValidateConvolutions();
        ArgumentNullException.ThrowIfNull(HiddenLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InputSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(Classes, 2);
        foreach (int width in HiddenLayers)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width, nameof(HiddenLayers));
        }

        if (!(Dropout >= 0f && Dropout < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxoutPieces, 1);
        if (!Enum.IsDefined(Activation) || !Enum.IsDefined(WeightInit))
        {
            throw new ArgumentOutOfRangeException(nameof(Activation), "Unknown activation or init.");
        }
    }

    private void ValidateConvolutions()
    {
        ArgumentNullException.ThrowIfNull(ConvBlocks);
        if (InputShape is { } shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape.Channels, nameof(InputShape));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape.Height, nameof(InputShape));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shape.Width, nameof(InputShape));
            if ((long)shape.Channels * shape.Height * shape.Width != InputSize)
            {
                throw new ArgumentException($"InputShape {shape} has {(long)shape.Channels * shape.Height * shape.Width} values, InputSize is {InputSize}.", nameof(InputShape));
            }
        }

        if (ConvBlocks.Count == 0)
        {
            return;
        }

        if (InputShape is null)
        {
            throw new ArgumentException("Conv blocks need the input's image shape (InputShape).", nameof(InputShape));
        }

        if (Activation == Activation.Maxout)
        {
            throw new ArgumentException("Maxout is not supported with conv blocks.", nameof(Activation));
        }

        foreach (var block in ConvBlocks)
        {
            ArgumentNullException.ThrowIfNull(block, nameof(ConvBlocks));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(block.Filters, nameof(ConvBlocks));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(block.KernelSize, nameof(ConvBlocks));
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(block.Stride, nameof(ConvBlocks));
            ArgumentOutOfRangeException.ThrowIfNegative(block.EffectivePadding, nameof(ConvBlocks));
            if (block.KernelSize > 64 || block.Filters > 65536 || block.EffectivePadding > 64)
            {
                throw new ArgumentOutOfRangeException(nameof(ConvBlocks), "Kernel, padding or filter count too large.");
            }
        }

        _ = ConvOutputShapes();
    }
}
