using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HyperSearch.Engine.Layers;

/// <summary>
/// Max-pooling over Size × Size windows with stride Stride (no padding, floor: PyTorch's MaxPool2d) of
/// (B, H, W, C) activations. Channels are contiguous in NHWC, so one window is Size² vector max
/// operations across channels. The forward pass remembers, per output, the input index of the winner
/// (the first of equal values), and the backward pass routes each gradient there.
/// </summary>
internal sealed class MaxPool2d
{
    private int[] _argMax = [];

    public MaxPool2d(ImageShape input, int size = 2, int stride = 2)
    {
        Input = input;
        Size = size;
        Stride = stride;
        OutHeight = ((input.Height - size) / stride) + 1;
        OutWidth = ((input.Width - size) / stride) + 1;
    }

    public ImageShape Input { get; }

    public int Size { get; }

    public int Stride { get; }

    public int OutHeight { get; }

    public int OutWidth { get; }

    public int OutputSize => OutHeight * OutWidth * Input.Channels;

    /// <summary>y (B, OH, OW, C) = max over each window of x (B, H, W, C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <param name="firstSample">Where this part of a batch starts in it (a model runs conv blocks over chunks of samples): the winners are remembered per sample of the whole batch.</param>
    public void Forward(Span<float> y, ReadOnlySpan<float> x, int batch, int firstSample = 0)
    {
        int c = Input.Channels, w = Input.Width;
        int inputSize = Input.Size;
        int n = batch * OutputSize;
        if (y.Length < n || x.Length < batch * inputSize)
        {
            throw new ArgumentException($"MaxPool2d buffers are too short for a batch of {batch}.");
        }

        if (_argMax.Length < (firstSample + batch) * OutputSize)
        {
            Array.Resize(ref _argMax, Math.Max((firstSample + batch) * OutputSize, 128 * OutputSize));
        }

        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref int ar = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_argMax), firstSample * OutputSize);
        Span<int> argMax = _argMax.AsSpan(firstSample * OutputSize, n);
        int o = 0;
        for (int b = 0; b < batch; b++)
        {
            int sample = b * inputSize;
            for (int oh = 0; oh < OutHeight; oh++)
            {
                for (int ow = 0; ow < OutWidth; ow++, o += c)
                {
                    int first = sample + ((((oh * Stride) * w) + (ow * Stride)) * c);
                    int ch = 0;
                    if (Vector512.IsHardwareAccelerated)
                    {
                        for (; ch <= c - 16; ch += 16)
                        {
                            var iota = Vector512.Create(first + ch) + Vector512<int>.Indices;
                            var best = Vector512.LoadUnsafe(ref xr, (nuint)(first + ch));
                            var arg = iota;
                            for (int kh = 0; kh < Size; kh++)
                            {
                                for (int kw = kh == 0 ? 1 : 0; kw < Size; kw++)
                                {
                                    int offset = ((kh * w) + kw) * c;
                                    var v = Vector512.LoadUnsafe(ref xr, (nuint)(first + offset + ch));
                                    var gt = Vector512.GreaterThan(v, best);
                                    best = Vector512.ConditionalSelect(gt, v, best);
                                    arg = Vector512.ConditionalSelect(gt.AsInt32(), iota + Vector512.Create(offset), arg);
                                }
                            }

                            best.StoreUnsafe(ref yr, (nuint)(o + ch));
                            arg.StoreUnsafe(ref ar, (nuint)(o + ch));
                        }
                    }

                    for (; ch < c; ch++)
                    {
                        int at = first + ch;
                        float best = x[at];
                        for (int kh = 0; kh < Size; kh++)
                        {
                            for (int kw = kh == 0 ? 1 : 0; kw < Size; kw++)
                            {
                                int i = first + (((kh * w) + kw) * c) + ch;
                                if (x[i] > best)
                                {
                                    best = x[i];
                                    at = i;
                                }
                            }
                        }

                        y[o + ch] = best;
                        argMax[o + ch] = at;
                    }
                }
            }
        }
    }

    /// <summary>
    /// dx (B, H, W, C) = each dy added at its window's winner, 0 elsewhere (overwritten). With
    /// <paramref name="reluOutput"/> (this pool's forward output, when its input was a ReLU's output) it is
    /// also the ReLU's backward pass: a gradient passes only where the winner is positive, which is all a
    /// ReLU lets through, so the (B, H, W, C) activation gradient is never swept a second time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <param name="firstSample">As in <see cref="Forward"/>: the part of the batch whose winners route dy.</param>
    public void Backward(Span<float> dx, ReadOnlySpan<float> dy, int batch, ReadOnlySpan<float> reluOutput = default, int firstSample = 0)
    {
        int n = batch * OutputSize;
        ReadOnlySpan<int> argMax = _argMax.AsSpan(firstSample * OutputSize, n);
        dx[..(batch * Input.Size)].Clear();
        if (reluOutput.IsEmpty)
        {
            for (int i = 0; i < n; i++)
            {
                dx[argMax[i]] += dy[i];
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                if (reluOutput[i] > 0f)
                {
                    dx[argMax[i]] += dy[i];
                }
            }
        }
    }
}
