using HyperSearch.Engine.Kernels;

namespace HyperSearch.Engine.Layers;

/// <summary>
/// Fully connected layer y = x·W + b with W stored (in, out) row-major, so the forward pass is the
/// plain X·W GEMM case. Parameters and gradients are slices of the model's contiguous buffers.
/// </summary>
internal sealed class Linear(int inFeatures, int outFeatures, Memory<float> weight, Memory<float> bias, Memory<float> weightGrad, Memory<float> biasGrad)
{
    public int InFeatures { get; } = inFeatures;

    public int OutFeatures { get; } = outFeatures;

    public Memory<float> Weight { get; } = weight;   // (in, out)

    public Memory<float> Bias { get; } = bias;       // (out)

    public Memory<float> WeightGrad { get; } = weightGrad;

    public Memory<float> BiasGrad { get; } = biasGrad;

    public int Threads { get; set; } = 1;

    /// <summary>y (B, out) = x (B, in) · W (in, out) + b.</summary>
    public void Forward(Span<float> y, ReadOnlySpan<float> x, int batch)
    {
        Gemm.Multiply(x, InFeatures, false, Weight.Span, OutFeatures, false, y, OutFeatures, batch, OutFeatures, InFeatures, accumulate: false, Threads);
        RowOps.AddRowVector(y, Bias.Span, batch, OutFeatures);
    }

    /// <summary>
    /// dW += xᵀ·dy, db += Σ_rows dy (parameter gradients accumulate, llm.c style; with
    /// <paramref name="accumulate"/> false they are overwritten instead, which lets the training loop
    /// skip zeroing the gradient buffer since every parameter of an MLP is used once per step), and
    /// dx = dy·Wᵀ (overwritten; skipped when <paramref name="dx"/> is empty, e.g. for the input layer,
    /// whose input needs no gradient).
    /// </summary>
    public void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int batch, bool accumulate = true)
    {
        // (in, out) (+)= (in, B) · (B, out)
        Gemm.Multiply(x, InFeatures, true, dy, OutFeatures, false, WeightGrad.Span, OutFeatures, InFeatures, OutFeatures, batch, accumulate, Threads);
        if (!accumulate)
        {
            BiasGrad.Span.Clear();
        }

        RowOps.AddColumnSums(dy, BiasGrad.Span, batch, OutFeatures);
        if (!dx.IsEmpty)
        {
            // (B, in) = (B, out) · (out, in)
            Gemm.Multiply(dy, OutFeatures, false, Weight.Span, OutFeatures, true, dx, InFeatures, batch, InFeatures, OutFeatures, accumulate: false, Threads);
        }
    }
}
