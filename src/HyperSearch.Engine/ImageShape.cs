namespace HyperSearch.Engine;

/// <summary>
/// The shape of one image row of a <see cref="TrainingData"/>: Channels planes of Height × Width pixels.
/// A row holds the image channel-planar (C, H, W), as the IDX and CIFAR-10 files store it; inside the
/// network activations are (H, W, C) per sample (see <see cref="ConvBlockSpec"/>).
/// </summary>
public sealed record ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Channels · Height · Width, the row length of the data.</summary>
    public int Size => Channels * Height * Width;

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
