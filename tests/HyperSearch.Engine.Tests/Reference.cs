using System.Runtime.InteropServices;

namespace HyperSearch.Engine.Tests;

/// <summary>
/// Double-precision reference forward passes, written naively and independently of the engine's
/// kernels. Gradient checks differentiate these numerically (centred differences, h = 1e-5) and
/// compare with the engine's float32 analytic backward passes.
/// </summary>
internal static class Reference
{
    public const double H = 1e-5;

    /// <summary>Relative error ‖a − n‖₂ / max(‖a‖₂, ‖n‖₂) (CS231n's check, taken over the whole gradient tensor).</summary>
    public static double RelativeError(ReadOnlySpan<float> analytic, ReadOnlySpan<double> numeric)
    {
        double diff = 0, na = 0, nn = 0;
        for (int i = 0; i < numeric.Length; i++)
        {
            diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            na += (double)analytic[i] * analytic[i];
            nn += numeric[i] * numeric[i];
        }

        double denominator = Math.Max(Math.Sqrt(Math.Max(na, nn)), 1e-12);
        return Math.Sqrt(diff) / denominator;
    }

    /// <summary>Centred-difference gradient of f with respect to every element of p.</summary>
    public static double[] NumericGradient(double[] p, Func<double> f)
    {
        var g = new double[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            double keep = p[i];
            p[i] = keep + H;
            double plus = f();
            p[i] = keep - H;
            double minus = f();
            p[i] = keep;
            g[i] = (plus - minus) / (2 * H);
        }

        return g;
    }

    public static double[] ToDouble(ReadOnlySpan<float> x)
    {
        var d = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            d[i] = x[i];
        }

        return d;
    }

    public static double Act(Activation kind, double x, double slope) => kind switch
    {
        Activation.ReLU => Math.Max(0, x),
        Activation.LeakyReLU => x > 0 ? x : slope * x,
        Activation.ELU => x > 0 ? x : Math.Exp(x) - 1,
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.Tanh => Math.Tanh(x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>y (B, out) = x (B, in) · W (in, out) + b.</summary>
    public static double[] Linear(double[] x, double[] w, double[] b, int batch, int inF, int outF)
    {
        var y = new double[batch * outF];
        for (int r = 0; r < batch; r++)
        {
            for (int j = 0; j < outF; j++)
            {
                double s = b[j];
                for (int p = 0; p < inF; p++)
                {
                    s += x[(r * inF) + p] * w[(p * outF) + j];
                }

                y[(r * outF) + j] = s;
            }
        }

        return y;
    }

    /// <summary>Training-mode batch norm: biased batch variance, ε = 1e-5.</summary>
    public static double[] BatchNorm(double[] x, double[] gamma, double[] beta, int batch, int f)
    {
        var y = new double[batch * f];
        for (int j = 0; j < f; j++)
        {
            double mean = 0;
            for (int r = 0; r < batch; r++)
            {
                mean += x[(r * f) + j];
            }

            mean /= batch;
            double variance = 0;
            for (int r = 0; r < batch; r++)
            {
                variance += (x[(r * f) + j] - mean) * (x[(r * f) + j] - mean);
            }

            variance /= batch;
            for (int r = 0; r < batch; r++)
            {
                y[(r * f) + j] = (gamma[j] * (x[(r * f) + j] - mean) / Math.Sqrt(variance + 1e-5)) + beta[j];
            }
        }

        return y;
    }

    /// <summary>
    /// Direct convolution, written from the definition: y (B, OH, OW, F)[b, oh, ow, f] = b_f + Σ_{kh, kw, c}
    /// x[b, c, oh·s − p + kh, ow·s − p + kw]·W[(kh·k + kw)·C + c, f], zero outside the image. The input is
    /// read (C, H, W) per sample when <paramref name="planar"/>, else (H, W, C).
    /// </summary>
    public static double[] Conv2d(double[] x, double[] w, double[] bias, int batch, int c, int h, int wd, int filters, int k, int stride, int pad, bool planar)
    {
        int oh = ((h + (2 * pad) - k) / stride) + 1, ow = ((wd + (2 * pad) - k) / stride) + 1;
        var y = new double[batch * oh * ow * filters];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    for (int f = 0; f < filters; f++)
                    {
                        double s = bias[f];
                        for (int kh = 0; kh < k; kh++)
                        {
                            for (int kw = 0; kw < k; kw++)
                            {
                                int ih = (i * stride) - pad + kh, iw = (j * stride) - pad + kw;
                                if (ih < 0 || ih >= h || iw < 0 || iw >= wd)
                                {
                                    continue;
                                }

                                for (int ch = 0; ch < c; ch++)
                                {
                                    int at = planar ? (((b * c) + ch) * h * wd) + (ih * wd) + iw : (((((b * h) + ih) * wd) + iw) * c) + ch;
                                    s += x[at] * w[((((kh * k) + kw) * c) + ch) * filters + f];
                                }
                            }
                        }

                        y[(((((b * oh) + i) * ow) + j) * filters) + f] = s;
                    }
                }
            }
        }

        return y;
    }

    /// <summary>Max over size × size windows, stride <paramref name="stride"/>, of (B, H, W, C).</summary>
    public static double[] MaxPool(double[] x, int batch, int c, int h, int w, int size, int stride)
    {
        int oh = ((h - size) / stride) + 1, ow = ((w - size) / stride) + 1;
        var y = new double[batch * oh * ow * c];
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    for (int ch = 0; ch < c; ch++)
                    {
                        double m = double.NegativeInfinity;
                        for (int kh = 0; kh < size; kh++)
                        {
                            for (int kw = 0; kw < size; kw++)
                            {
                                m = Math.Max(m, x[(((((b * h) + (i * stride) + kh) * w) + (j * stride) + kw) * c) + ch]);
                            }
                        }

                        y[(((((b * oh) + i) * ow) + j) * c) + ch] = m;
                    }
                }
            }
        }

        return y;
    }

    public static double[] Maxout(double[] x, int batch, int units, int pieces)
    {
        var y = new double[batch * units];
        for (int i = 0; i < y.Length; i++)
        {
            double m = double.NegativeInfinity;
            for (int p = 0; p < pieces; p++)
            {
                m = Math.Max(m, x[(i * pieces) + p]);
            }

            y[i] = m;
        }

        return y;
    }

    /// <summary>
    /// Mean softmax cross-entropy against the target q = (1 − ε)·onehot + ε/C, written as the
    /// definition Σ_c −q_c·log p_c (the engine's kernel uses a rearranged form).
    /// </summary>
    public static double CrossEntropy(double[] logits, int[] labels, int batch, int classes, double smoothing)
    {
        double total = 0;
        for (int r = 0; r < batch; r++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                max = Math.Max(max, logits[(r * classes) + c]);
            }

            double z = 0;
            for (int c = 0; c < classes; c++)
            {
                z += Math.Exp(logits[(r * classes) + c] - max);
            }

            for (int c = 0; c < classes; c++)
            {
                double q = (smoothing / classes) + (c == labels[r] ? 1 - smoothing : 0);
                double logP = logits[(r * classes) + c] - max - Math.Log(z);
                total -= q * logP;
            }
        }

        return total / batch;
    }

    /// <summary>Mean softmax cross-entropy.</summary>
    public static double CrossEntropy(double[] logits, int[] labels, int batch, int classes)
    {
        double total = 0;
        for (int r = 0; r < batch; r++)
        {
            double max = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                max = Math.Max(max, logits[(r * classes) + c]);
            }

            double z = 0;
            for (int c = 0; c < classes; c++)
            {
                z += Math.Exp(logits[(r * classes) + c] - max);
            }

            total += Math.Log(z) - (logits[(r * classes) + labels[r]] - max);
        }

        return total / batch;
    }

    /// <summary>
    /// The whole model's training-mode objective in double precision: mean cross-entropy + λ/2·Σp²,
    /// reading the parameter layout from the model's layer slices and the dropout masks it holds.
    /// </summary>
    public static double ModelLoss(Model model, double[] p, double[] x, int[] labels, int batch, double lambda, double smoothing = 0)
    {
        var spec = model.Spec;
        double[] current = x;
        int inF = spec.InputSize;
        foreach (var block in model.ConvBlocks)
        {
            var conv = block.Conv;
            var input = conv.Input;
            double[] z = Conv2d(current, Slice(p, conv.Weight), Slice(p, conv.Bias), batch, input.Channels, input.Height, input.Width, conv.Filters, conv.Kernel, conv.Stride, conv.Padding, conv.PlanarInput);
            if (block.BatchNorm is { } bn)
            {
                z = BatchNorm(z, Slice(p, bn.Gamma), Slice(p, bn.Beta), batch * conv.OutHeight * conv.OutWidth, bn.Channels);
            }

            current = z.Select(v => Act(spec.Activation, v, spec.LeakySlope)).ToArray();
            if (block.Pool is { } pool)
            {
                current = MaxPool(current, batch, conv.Filters, conv.OutHeight, conv.OutWidth, pool.Size, pool.Stride);
            }

            inF = block.OutputSize;
        }

        foreach (var block in model.Blocks)
        {
            var lin = block.Linear;
            double[] z = Linear(current, Slice(p, lin.Weight), Slice(p, lin.Bias), batch, inF, lin.OutFeatures);
            if (block.BatchNorm is { } bn)
            {
                z = BatchNorm(z, Slice(p, bn.Gamma), Slice(p, bn.Beta), batch, bn.Features);
            }

            double[] a;
            if (block.Maxout is { } maxout)
            {
                a = Maxout(z, batch, maxout.Units, maxout.Pieces);
            }
            else
            {
                a = z.Select(v => Act(spec.Activation, v, spec.LeakySlope)).ToArray();
            }

            if (block.Dropout is { } dropout)
            {
                var mask = dropout.Mask(a.Length);
                for (int i = 0; i < a.Length; i++)
                {
                    a[i] *= mask[i];
                }
            }

            current = a;
            inF = block.Width;
        }

        double[] logits = Linear(current, Slice(p, model.Output.Weight), Slice(p, model.Output.Bias), batch, inF, spec.Classes);
        double penalty = 0;
        foreach (double v in p)
        {
            penalty += v * v;
        }

        double data = smoothing == 0 ? CrossEntropy(logits, labels, batch, spec.Classes) : CrossEntropy(logits, labels, batch, spec.Classes, smoothing);
        return data + (0.5 * lambda * penalty);
    }

    /// <summary>Offset of a parameter slice inside the model's contiguous buffer.</summary>
    public static int Offset(Memory<float> slice) =>
        MemoryMarshal.TryGetArray<float>(slice, out var segment) ? segment.Offset : throw new InvalidOperationException();

    /// <summary>A view of the double parameter copy matching a float parameter slice.</summary>
    public static double[] Slice(double[] p, Memory<float> slice) => new ArraySegment<double>(p, Offset(slice), slice.Length).ToArray();
}
