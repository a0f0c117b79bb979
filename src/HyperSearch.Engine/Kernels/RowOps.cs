using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace HyperSearch.Engine.Kernels;

/// <summary>Row/column kernels over row-major (rows, cols) matrices: bias add, column sums, softmax.</summary>
internal static class RowOps
{
    /// <summary>x[r, :] += bias for every row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRowVector(Span<float> x, ReadOnlySpan<float> bias, int rows, int cols)
    {
        Check(x.Length, rows, cols);
        if (bias.Length < cols)
        {
            throw new ArgumentException("bias is shorter than cols.", nameof(bias));
        }

        bias = bias[..cols];
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = x.Slice(r * cols, cols);
            TensorPrimitives.Add(row, bias, row);
        }
    }

    /// <summary>sums[c] += Σ_r x[r, c]. Row order is fixed, so the result is deterministic.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddColumnSums(ReadOnlySpan<float> x, Span<float> sums, int rows, int cols)
    {
        Check(x.Length, rows, cols);
        if (sums.Length < cols)
        {
            throw new ArgumentException("sums is shorter than cols.", nameof(sums));
        }

        sums = sums[..cols];
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(sums, x.Slice(r * cols, cols), sums);
        }
    }

    /// <summary>Numerically stable row softmax: y = exp(x − max) / Σ exp(x − max).</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y, int rows, int cols)
    {
        Check(x.Length, rows, cols);
        Check(y.Length, rows, cols);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * cols, cols);
            Span<float> yr = y.Slice(r * cols, cols);
            if (cols == 0)
            {
                continue;
            }

            float max = TensorPrimitives.Max(xr);
            TensorPrimitives.Subtract(xr, max, yr);
            TensorPrimitives.Exp(yr, yr);
            float sum = TensorPrimitives.Sum<float>(yr);
            TensorPrimitives.Divide(yr, sum, yr);
        }
    }

    /// <summary>
    /// Softmax cross-entropy over a batch, fused with its gradient: returns Σ_r −log p[r, label_r]
    /// (computed as log Σ exp(x − max) − (x_label − max), so it never overflows) and the number of
    /// rows whose arg-max equals the label; when <paramref name="dLogits"/> is non-empty writes
    /// dLogits = (softmax − onehot) · gradScale.
    /// </summary>
    public static double SoftmaxCrossEntropy(
        ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int rows, int classes,
        Span<float> dLogits, float gradScale, out int correct) =>
        SoftmaxCrossEntropy(logits, labels, rows, classes, dLogits, gradScale, 0f, out correct);

    /// <summary>
    /// As above against the label-smoothed target q = (1 − ε)·onehot + ε/C (PyTorch's
    /// <c>CrossEntropyLoss(label_smoothing=ε)</c>): returns Σ_r Σ_c −q_c log p[r, c], computed as
    /// log Σ exp(x − max) − (1 − ε)(x_label − max) − ε/C·Σ_c (x_c − max), and writes
    /// dLogits = (softmax − q) · gradScale. With ε = 0 it runs exactly the plain kernel's arithmetic
    /// (the smoothing terms sit behind one loop-invariant branch per row), so its bits do not change.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SoftmaxCrossEntropy(
        ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, int rows, int classes,
        Span<float> dLogits, float gradScale, float labelSmoothing, out int correct)
    {
        if (!(labelSmoothing >= 0f && labelSmoothing < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "Label smoothing must be in [0, 1).");
        }

        bool smooth = labelSmoothing != 0f;
        Check(logits.Length, rows, classes);
        if (labels.Length < rows)
        {
            throw new ArgumentException("labels is shorter than rows.", nameof(labels));
        }

        bool grad = !dLogits.IsEmpty;
        if (grad)
        {
            Check(dLogits.Length, rows, classes);
        }

        Span<float> scratch = grad ? default : classes <= 256 ? stackalloc float[classes] : new float[classes];
        double total = 0;
        correct = 0;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = logits.Slice(r * classes, classes);
            int label = labels[r];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"label {label} is outside [0, {classes}).");
            }

            Span<float> e = grad ? dLogits.Slice(r * classes, classes) : scratch;
            float max;
            float sum;
            if (classes <= 32)
            {
                // Rows this short are dominated by call overhead in the vectorised helpers.
                max = xr[0];
                int arg = 0;
                for (int c = 1; c < classes; c++)
                {
                    if (xr[c] > max)
                    {
                        max = xr[c];
                        arg = c;
                    }
                }

                correct += arg == label ? 1 : 0;
                sum = 0f;
                for (int c = 0; c < classes; c++)
                {
                    float v = MathF.Exp(xr[c] - max);
                    e[c] = v;
                    sum += v;
                }
            }
            else
            {
                max = TensorPrimitives.Max(xr);
                correct += TensorPrimitives.IndexOfMax(xr) == label ? 1 : 0;
                TensorPrimitives.Subtract(xr, max, e);
                TensorPrimitives.Exp(e, e);
                sum = TensorPrimitives.Sum<float>(e);
            }

            if (!smooth)
            {
                total += Math.Log(sum) - (xr[label] - max);
            }
            else
            {
                double shifted = 0;
                for (int c = 0; c < classes; c++)
                {
                    shifted += xr[c] - max;
                }

                total += Math.Log(sum) - ((1.0 - labelSmoothing) * (xr[label] - max)) - (labelSmoothing / (double)classes * shifted);
            }

            if (grad)
            {
                float scale = gradScale / sum;
                if (!smooth)
                {
                    for (int c = 0; c < classes; c++)
                    {
                        e[c] *= scale;
                    }

                    e[label] -= gradScale;
                }
                else
                {
                    // p − q: every class loses ε/C of the target mass, the label gets 1 − ε on top.
                    float offTarget = gradScale * labelSmoothing / classes;
                    for (int c = 0; c < classes; c++)
                    {
                        e[c] = (e[c] * scale) - offTarget;
                    }

                    e[label] -= gradScale * (1f - labelSmoothing);
                }
            }
        }

        return total;
    }

    private static void Check(int length, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (length < (long)rows * cols)
        {
            throw new ArgumentException($"Span of {length} is shorter than ({rows}, {cols}).");
        }
    }
}
