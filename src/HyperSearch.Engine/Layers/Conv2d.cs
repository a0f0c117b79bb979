using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Engine.Layers;

/// <summary>
/// 2-D convolution (cross-correlation, as PyTorch's Conv2d) as im2col + the engine's GEMM, in NHWC:
/// the output of a batch is the matrix (B·OH·OW, F) = col (B·OH·OW, k·k·C) · W (k·k·C, F) + b, which
/// is exactly the Linear layer's X·W + b, so the three products of a training step (forward, dW = colᵀ·dY,
/// dcol = dY·Wᵀ) are the GEMM's three cases, the bias is a row-vector add and BatchNorm2d is
/// BatchNorm1d over B·OH·OW rows. W is stored (k·k·C, F) with the row index (kh·k + kw)·C + c.
/// The input is read through strides, so the first layer reads the data's channel-planar (C, H, W)
/// rows directly and later layers read the previous block's (H, W, C) output. The col matrix is built
/// for a chunk of samples at a time (≈ 2 MB, so it stays near the core) and rebuilt in the
/// backward pass instead of being kept: cheaper in memory traffic than a whole batch's col matrix.
/// Chunking depends only on the shapes, never on the thread count, so results stay bit-identical.
/// Stride-1 3×3 and 5×5 layers over a many-channel input take the Winograd path instead (Conv2d.Winograd.cs).
/// </summary>
internal sealed partial class Conv2d
{
    private const int ColumnBudget = 1 << 19; // floats per col chunk (2 MB: measured best of 0.5–8 MB on the reference CNN)
    private const int KeptColumnBudget = 1 << 22; // a first layer whose whole batch's col fits in 16 MB keeps it for the backward pass
    private readonly int _channelStride;
    private readonly int _rowStride;
    private readonly int _pixelStride;
    private readonly bool _contiguousRuns;
    private readonly float[] _weightGradT;
    private readonly float[] _biasGradPart;
    private float[] _col = [];
    private nint _colInput;    // address and length of the input the col buffer holds the whole batch of (0: none)
    private int _colInputLength;

    public Conv2d(ImageShape input, int filters, int kernel, int stride, int padding, bool planarInput, Memory<float> weight, Memory<float> bias, Memory<float> weightGrad, Memory<float> biasGrad)
    {
        Input = input;
        Filters = filters;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        OutHeight = ((input.Height + (2 * padding) - kernel) / stride) + 1;
        OutWidth = ((input.Width + (2 * padding) - kernel) / stride) + 1;
        ColumnLength = kernel * kernel * input.Channels;
        Weight = weight;
        Bias = bias;
        WeightGrad = weightGrad;
        BiasGrad = biasGrad;
        PlanarInput = planarInput;
        (_channelStride, _rowStride, _pixelStride) = planarInput
            ? (input.Height * input.Width, input.Width, 1)
            : (1, input.Width * input.Channels, input.Channels);
        // A kernel row (kw = 0 … k − 1, every channel) is one contiguous run of the input when pixels are
        // interleaved (HWC), or when there is a single channel.
        _contiguousRuns = _pixelStride == input.Channels && (input.Channels == 1 || _channelStride == 1);
        SamplesPerChunk = Math.Max(1, ColumnBudget / Math.Max(1, OutHeight * OutWidth * ColumnLength));
        KeepsColumns = planarInput && (long)OutHeight * OutWidth * ColumnLength * 128 <= KeptColumnBudget;
        _biasGradPart = new float[filters];
        _winograd = WinogradFor(input, kernel, stride, planarInput);
        if (_winograd is { } wg)
        {
            (_tilesH, _tilesW) = (wg.TilesFor(OutHeight), wg.TilesFor(OutWidth));
            (_dxTilesH, _dxTilesW) = (wg.TilesFor(input.Height), wg.TilesFor(input.Width));
            int tilesPerSample = Math.Max(_tilesH * _tilesW, _dxTilesH * _dxTilesW);
            SamplesPerChunk = Math.Max(1, ColumnBudget / (Winograd.Points * tilesPerSample * (input.Channels + filters)));
            _u = new float[Winograd.Points * input.Channels * filters];
            _uFlipped = new float[_u.Length];
            _z = new float[_u.Length];
            _weightGradT = [];
        }
        else
        {
            _weightGradT = new float[filters * ColumnLength];
        }
    }

    public ImageShape Input { get; }

    public int Filters { get; }

    public int Kernel { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    /// <summary>k·k·C: the GEMM's inner dimension and the fan-in of every filter.</summary>
    public int ColumnLength { get; }

    /// <summary>Whether the input is channel-planar (C, H, W) per sample (the data) rather than (H, W, C).</summary>
    public bool PlanarInput { get; }

    public int SamplesPerChunk { get; }

    /// <summary>
    /// A first layer with a small col matrix (the reference CNN's: 128·784·25 floats) builds it for the
    /// whole batch (batches up to 128) and its backward pass, which needs no input gradient and so leaves
    /// the buffer intact, reuses it instead of rebuilding it.
    /// </summary>
    public bool KeepsColumns { get; }

    private int ChunkFor(int batch) => KeepsColumns && batch <= 128 ? batch : SamplesPerChunk;

    public Memory<float> Weight { get; }   // (k·k·C, F)

    public Memory<float> Bias { get; }     // (F)

    public Memory<float> WeightGrad { get; }

    public Memory<float> BiasGrad { get; }

    public int Threads { get; set; } = 1;

    /// <summary>Values per output sample: OH·OW·F.</summary>
    public int OutputSize => OutHeight * OutWidth * Filters;

    /// <summary>
    /// y (B, OH, OW, F) = conv(x (B, input)) + b. A model passing a batch in parts says which is the
    /// batch's first (<paramref name="firstPart"/>): the weights may have changed since the call before it,
    /// so the Winograd path transforms them again then (and only then).
    /// </summary>
    public void Forward(Span<float> y, ReadOnlySpan<float> x, int batch, bool firstPart = true)
    {
        int pixels = OutHeight * OutWidth;
        int k = ColumnLength;
        int f = Filters;
        CheckLengths(y.Length, x.Length, batch);
        if (UsesWinograd)
        {
            ForwardWinograd(y, x, batch, firstPart);
            RowOps.AddRowVector(y[..(batch * pixels * f)], Bias.Span, batch * pixels, f);
            return;
        }

        int chunk = ChunkFor(batch);
        for (int s0 = 0; s0 < batch; s0 += chunk)
        {
            int n = Math.Min(chunk, batch - s0);
            int rows = n * pixels;
            Span<float> col = Im2Col(x, s0, n);
            if (n == batch)
            {
                _colInput = Address(x);
                _colInputLength = x.Length;
            }

            Gemm.Multiply(col, k, false, Weight.Span, f, false, y.Slice(s0 * pixels * f, rows * f), f, rows, f, k, accumulate: false, Threads);
        }

        RowOps.AddRowVector(y[..(batch * pixels * f)], Bias.Span, batch * pixels, f);
    }

    /// <summary>
    /// dW += colᵀ·dy and db += Σ dy over every output pixel (overwritten when <paramref name="accumulate"/>
    /// is false), and dx = col2im(dy·Wᵀ) (overwritten; skipped when <paramref name="dx"/> is empty, as for
    /// the first layer, whose input needs no gradient). x is the forward pass's input.
    /// </summary>
    public void Backward(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int batch, bool accumulate = true)
    {
        BackwardPart(dx, dy, x, batch, first: true);
        FinishBackward(accumulate);
    }

    /// <summary>
    /// The backward pass of a part of a batch (a model runs the conv blocks over chunks of samples): dx
    /// as <see cref="Backward"/>, the parameter gradients summed into the layer's own buffers (restarted
    /// when <paramref name="first"/>) until <see cref="FinishBackward"/> hands them over, so dW is
    /// transposed into place once per batch, not once per part.
    /// </summary>
    public void BackwardPart(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int batch, bool first)
    {
        int pixels = OutHeight * OutWidth;
        int f = Filters;
        CheckLengths(dy.Length, x.Length, batch);
        if (UsesWinograd)
        {
            BackwardWinograd(dx, dy, x, batch, first);
        }
        else
        {
            BackwardIm2Col(dx, dy, x, batch, first);
        }

        if (first)
        {
            Array.Clear(_biasGradPart);
        }

        RowOps.AddColumnSums(dy[..(batch * pixels * f)], _biasGradPart, batch * pixels, f);
    }

    private void BackwardIm2Col(Span<float> dx, ReadOnlySpan<float> dy, ReadOnlySpan<float> x, int batch, bool first)
    {
        int pixels = OutHeight * OutWidth;
        int k = ColumnLength;
        int f = Filters;
        int inputSize = Input.Size;
        int chunk = ChunkFor(batch);
        for (int s0 = 0; s0 < batch; s0 += chunk)
        {
            int n = Math.Min(chunk, batch - s0);
            int rows = n * pixels;
            // The forward pass left this input's whole col matrix in the buffer (the contract: x is its input).
            bool kept = n == batch && _colInput != 0 && _colInput == Address(x) && _colInputLength == x.Length;
            Span<float> col = kept ? _col.AsSpan(0, rows * k) : Im2Col(x, s0, n);
            ReadOnlySpan<float> dyChunk = dy.Slice(s0 * pixels * f, rows * f);
            // dWᵀ (F, k) (+)= dyᵀ (F, rows) · col (rows, k), summed over the chunks. Transposed because then
            // the big operand (col) is packed by straight vector copies and the transposed one (dy) is
            // the narrow one; dW itself is written once per batch below.
            Gemm.Multiply(dyChunk, f, true, col, k, false, _weightGradT, k, f, k, rows, !first || s0 > 0, Threads);
            if (!dx.IsEmpty)
            {
                // (rows, k) = (rows, F) · (F, k), into the col buffer, which the dW product no longer needs.
                _colInput = 0;
                Gemm.Multiply(dyChunk, f, false, Weight.Span, f, true, col, k, rows, k, f, accumulate: false, Threads);
                Span<float> dxChunk = dx.Slice(s0 * inputSize, n * inputSize);
                dxChunk.Clear();
                Col2Im(col, dxChunk, n);
            }
        }
    }

    /// <summary>dW, db += (or =, when not <paramref name="accumulate"/>) what the parts since the last first part summed.</summary>
    public void FinishBackward(bool accumulate)
    {
        if (_winograd is { } wg)
        {
            wg.FilterGradient(_z, Input.Channels, Filters, WeightGrad.Span, accumulate);
        }
        else
        {
            AddTransposed(_weightGradT, WeightGrad.Span, Filters, ColumnLength, accumulate);
        }

        if (accumulate)
        {
            TensorPrimitives.Add(BiasGrad.Span, _biasGradPart, BiasGrad.Span);
        }
        else
        {
            _biasGradPart.CopyTo(BiasGrad.Span);
        }
    }

    /// <summary>dst (cols, rows) [+]= srcᵀ for src (rows, cols).</summary>
    private static void AddTransposed(ReadOnlySpan<float> src, Span<float> dst, int rows, int cols, bool accumulate)
    {
        for (int j = 0; j < cols; j++)
        {
            Span<float> d = dst.Slice(j * rows, rows);
            for (int i = 0; i < rows; i++)
            {
                float v = src[(i * cols) + j];
                d[i] = accumulate ? d[i] + v : v;
            }
        }
    }

    private static unsafe nint Address(ReadOnlySpan<float> x) => (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(x));

    /// <summary>Builds the (n·OH·OW, k·k·C) col matrix of samples s0 … s0 + n − 1 in the chunk buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal Span<float> Im2Col(ReadOnlySpan<float> x, int s0, int n)
    {
        int k = ColumnLength;
        int rows = n * OutHeight * OutWidth;
        _colInput = 0;
        int capacity = Math.Max(n, SamplesPerChunk) * OutHeight * OutWidth * k;
        if (_col.Length < capacity + 16)
        {
            _col = new float[capacity + 16];
        }

        Span<float> col = _col.AsSpan(0, rows * k);
        int c = Input.Channels, h = Input.Height, w = Input.Width, kernel = Kernel, run = kernel * c;
        int inputSize = Input.Size;
        int row = 0;
        for (int b = 0; b < n; b++)
        {
            ReadOnlySpan<float> xs = x.Slice((s0 + b) * inputSize, inputSize);
            for (int oh = 0; oh < OutHeight; oh++)
            {
                for (int ow = 0; ow < OutWidth; ow++, row++)
                {
                    Span<float> dst = col.Slice(row * k, k);
                    int iw0 = (ow * Stride) - Padding;
                    int lo = Math.Max(0, -iw0), hi = Math.Min(kernel, w - iw0);
                    for (int kh = 0; kh < kernel; kh++)
                    {
                        Span<float> seg = dst.Slice(kh * run, run);
                        int ih = (oh * Stride) - Padding + kh;
                        if (ih < 0 || ih >= h || lo >= hi)
                        {
                            seg.Clear();
                            continue;
                        }

                        int origin = (ih * _rowStride) + ((iw0 + lo) * _pixelStride);
                        if (_contiguousRuns && run <= 16 && lo == 0 && hi == kernel && Vector512.IsHardwareAccelerated
                            && ((s0 + b) * inputSize) + origin + 16 <= x.Length && (row * k) + (kh * run) + 16 <= _col.Length)
                        {
                            // An interior short run (the first layer's): one 16-wide copy. What it writes past
                            // the run is overwritten by the runs after it (kh + 1, or the next row; the buffer has
                            // 16 floats of slack for the last), which are always written later.
                            Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(xs), (nuint)origin)
                                .StoreUnsafe(ref MemoryMarshal.GetReference(seg));
                            continue;
                        }

                        if (_contiguousRuns && run <= 16)
                        {
                            // Short runs (the first layer's single channel): span calls would cost more than the copy.
                            int q = 0;
                            for (; q < lo * c; q++)
                            {
                                seg[q] = 0f;
                            }

                            for (int from = origin - q; q < hi * c; q++)
                            {
                                seg[q] = xs[from + q];
                            }

                            for (; q < run; q++)
                            {
                                seg[q] = 0f;
                            }

                            continue;
                        }

                        seg[..(lo * c)].Clear();
                        seg[(hi * c)..].Clear();
                        if (_contiguousRuns)
                        {
                            xs.Slice(origin, (hi - lo) * c).CopyTo(seg[(lo * c)..]);
                        }
                        else
                        {
                            for (int kw = lo; kw < hi; kw++)
                            {
                                int src = origin + ((kw - lo) * _pixelStride);
                                for (int ch = 0; ch < c; ch++)
                                {
                                    seg[(kw * c) + ch] = xs[src + (ch * _channelStride)];
                                }
                            }
                        }
                    }
                }
            }
        }

        return col;
    }

    /// <summary>Adds the col-shaped gradient back onto the input pixels it was copied from (dx of n samples, pre-zeroed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Col2Im(ReadOnlySpan<float> col, Span<float> dx, int n)
    {
        int k = ColumnLength;
        int c = Input.Channels, h = Input.Height, w = Input.Width, kernel = Kernel, run = kernel * c;
        int inputSize = Input.Size;
        int row = 0;
        for (int b = 0; b < n; b++)
        {
            Span<float> xs = dx.Slice(b * inputSize, inputSize);
            for (int oh = 0; oh < OutHeight; oh++)
            {
                for (int ow = 0; ow < OutWidth; ow++, row++)
                {
                    ReadOnlySpan<float> src = col.Slice(row * k, k);
                    int iw0 = (ow * Stride) - Padding;
                    int lo = Math.Max(0, -iw0), hi = Math.Min(kernel, w - iw0);
                    if (lo >= hi)
                    {
                        continue;
                    }

                    for (int kh = 0; kh < kernel; kh++)
                    {
                        int ih = (oh * Stride) - Padding + kh;
                        if (ih < 0 || ih >= h)
                        {
                            continue;
                        }

                        ReadOnlySpan<float> seg = src.Slice((kh * run) + (lo * c), (hi - lo) * c);
                        int origin = (ih * _rowStride) + ((iw0 + lo) * _pixelStride);
                        if (_contiguousRuns)
                        {
                            Span<float> target = xs.Slice(origin, seg.Length);
                            TensorPrimitives.Add(target, seg, target);
                        }
                        else
                        {
                            for (int kw = 0; kw < hi - lo; kw++)
                            {
                                int at = origin + (kw * _pixelStride);
                                for (int ch = 0; ch < c; ch++)
                                {
                                    xs[at + (ch * _channelStride)] += seg[(kw * c) + ch];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private void CheckLengths(int outputLength, int inputLength, int batch)
    {
        if (outputLength < batch * OutputSize || inputLength < batch * Input.Size)
        {
            throw new ArgumentException($"Conv2d buffers are too short for a batch of {batch}.");
        }
    }
}
