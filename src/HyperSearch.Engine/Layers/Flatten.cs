namespace HyperSearch.Engine.Layers;

/// <summary>
/// Flatten of (B, H, W, C) activations to (B, H·W·C) rows for the dense layers. Every sample's
/// activations are already contiguous in NHWC, so both passes are views of the same memory: the flat
/// feature index is (h·W + w)·C + c (PyTorch's NCHW flatten orders (c, h, w); the order only permutes
/// the first dense layer's weight rows, which are learned, so it changes nothing else).
/// </summary>
internal sealed class Flatten(ImageShape input)
{
    public ImageShape Input { get; } = input;

    public int Features => Input.Size;

    /// <summary>The (B, H·W·C) view of x (B, H, W, C).</summary>
    public ReadOnlySpan<float> Forward(ReadOnlySpan<float> x, int batch) => x[..(batch * Features)];

    /// <summary>The (B, H, W, C) view of dy (B, H·W·C).</summary>
    public Span<float> Backward(Span<float> dy, int batch) => dy[..(batch * Features)];
}
