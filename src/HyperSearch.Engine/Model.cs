using HyperSearch.Core;
using System.Numerics.Tensors;
using HyperSearch.Engine.Kernels;
using HyperSearch.Engine.Layers;

namespace HyperSearch.Engine;

/// <summary>
/// A built MLP: per hidden layer Linear → [BatchNorm1d] → activation (or Maxout) → [Dropout], then
/// a Linear output layer feeding softmax cross-entropy. All parameters live in one contiguous
/// buffer (and all gradients in another) that the layers slice, so the optimiser is one loop.
/// Not thread-safe: one trial owns a model; <see cref="Evaluate"/> may be called once training ended.
/// </summary>
public sealed class Model
{
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private Workspace? _evalWorkspace;

    internal Model(ModelSpec spec, Rng rng, WeightInit? initOverride = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        int pieces = spec.Activation == Activation.Maxout ? spec.MaxoutPieces : 1;

        // Lay out the parameter buffer: [W, b] per linear layer, then [γ, β] per batch norm.
        var linearShapes = new List<(int In, int Out)>();
        int fanIn = spec.InputSize;
        foreach (int width in spec.HiddenLayers)
        {
            linearShapes.Add((fanIn, width * pieces));
            fanIn = width;
        }

        linearShapes.Add((fanIn, spec.Classes));
        long total = 0;
        foreach (var (i, o) in linearShapes)
        {
            total += ((long)i * o) + o;
        }

        if (spec.BatchNorm)
        {
            foreach (int width in spec.HiddenLayers)
            {
                total += 2L * width * pieces;
            }
        }

        if (total > int.MaxValue / 2)
        {
            throw new ArgumentException("Model too large.", nameof(spec));
        }

        _parameters = new float[total];
        _gradients = new float[total];
        int offset = 0;
        Memory<float> P(int n) => _parameters.AsMemory(offset, n);
        Memory<float> G(int n) => _gradients.AsMemory(offset, n);

        var linears = new List<Linear>();
        foreach (var (i, o) in linearShapes)
        {
            var w = P(i * o);
            var gw = G(i * o);
            offset += i * o;
            var b = P(o);
            var gb = G(o);
            offset += o;
            linears.Add(new Linear(i, o, w, b, gw, gb));
        }

        var blocks = new List<HiddenBlock>();
        for (int l = 0; l < spec.HiddenLayers.Count; l++)
        {
            int width = spec.HiddenLayers[l];
            BatchNorm1d? bn = null;
            if (spec.BatchNorm)
            {
                int f = width * pieces;
                var gamma = P(f);
                var dGamma = G(f);
                offset += f;
                var beta = P(f);
                var dBeta = G(f);
                offset += f;
                gamma.Span.Fill(1f);
                bn = new BatchNorm1d(f, gamma, beta, dGamma, dBeta);
            }

            blocks.Add(new HiddenBlock(
                width,
                linears[l],
                bn,
                spec.Activation == Activation.Maxout ? null : new ActivationLayer(spec.Activation, spec.LeakySlope),
                spec.Activation == Activation.Maxout ? new MaxoutLayer(width, pieces) : null,
                spec.Dropout > 0f ? new Dropout(spec.Dropout) : null));
        }

        Blocks = blocks;
        Output = linears[^1];
        Initialise(initOverride ?? spec.WeightInit, rng);
    }

    public ModelSpec Spec { get; }

    /// <summary>Number of trainable parameters (weights, biases, batch-norm γ and β).</summary>
    public int ParameterCount => _parameters.Length;

    internal float[] Parameters => _parameters;

    internal float[] Gradients => _gradients;

    internal IReadOnlyList<HiddenBlock> Blocks { get; }

    internal Linear Output { get; }

    internal int Threads
    {
        set
        {
            foreach (var block in Blocks)
            {
                block.Linear.Threads = value;
            }

            Output.Threads = value;
        }
    }

    /// <summary>
    /// Mean softmax cross-entropy (+ λ/2·Σw² when <paramref name="regularization"/> &gt; 0; against
    /// label-smoothed targets when <paramref name="labelSmoothing"/> &gt; 0) and accuracy, in eval mode.
    /// </summary>
    public (double Loss, double Accuracy) Evaluate(TrainingData data, double regularization = 0, double labelSmoothing = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        var (loss, accuracy) = EvaluateRows(data, null, (float)labelSmoothing);
        return (loss + RegularizationPenalty(regularization), accuracy);
    }

    /// <summary>λ/2·Σw² over every parameter.</summary>
    internal double RegularizationPenalty(double lambda)
    {
        if (lambda == 0)
        {
            return 0;
        }

        return 0.5 * lambda * TensorPrimitives.Dot<float>(_parameters, _parameters);
    }

    /// <summary>Eval-mode data loss (smoothed by ε when given) and accuracy over the given rows (all rows when null), in chunks.</summary>
    internal (double Loss, double Accuracy) EvaluateRows(TrainingData data, int[]? rows, float labelSmoothing = 0f)
    {
        CheckData(data);
        int count = rows?.Length ?? data.Count;
        if (count == 0)
        {
            return (double.NaN, double.NaN);
        }

        const int chunk = 500;
        _evalWorkspace ??= new Workspace(this, chunk);
        var ws = _evalWorkspace;
        ReadOnlySpan<float> features = data.Features.Span;
        ReadOnlySpan<int> labels = data.Labels.Span;
        int n = data.FeatureCount;
        double total = 0;
        long correct = 0;
        for (int start = 0; start < count; start += chunk)
        {
            int b = Math.Min(chunk, count - start);
            ReadOnlySpan<float> x;
            ReadOnlySpan<int> y;
            if (rows is null)
            {
                x = features.Slice(start * n, b * n);
                y = labels.Slice(start, b);
            }
            else
            {
                for (int r = 0; r < b; r++)
                {
                    int row = rows[start + r];
                    features.Slice(row * n, n).CopyTo(ws.Input.AsSpan(r * n, n));
                    ws.Labels[r] = labels[row];
                }

                x = ws.Input.AsSpan(0, b * n);
                y = ws.Labels.AsSpan(0, b);
            }

            Forward(ws, x, b, training: false, dropoutRng: null);
            total += RowOps.SoftmaxCrossEntropy(ws.Logits, y, b, Spec.Classes, default, 0f, labelSmoothing, out int ok);
            correct += ok;
        }

        return (total / count, (double)correct / count);
    }

    internal void CheckData(TrainingData data)
    {
        if (data.FeatureCount != Spec.InputSize || data.ClassCount != Spec.Classes)
        {
            throw new ArgumentException(
                $"Data has {data.FeatureCount} features / {data.ClassCount} classes; the model expects {Spec.InputSize} / {Spec.Classes}.",
                nameof(data));
        }
    }

    /// <summary>Forward pass of <paramref name="batch"/> rows into ws.Logits (B, C).</summary>
    internal void Forward(Workspace ws, ReadOnlySpan<float> x, int batch, bool training, Rng? dropoutRng, bool updateRunningStats = true)
    {
        ReadOnlySpan<float> current = x;
        for (int l = 0; l < Blocks.Count; l++)
        {
            var block = Blocks[l];
            var buffers = ws.Blocks[l];
            int wide = block.Linear.OutFeatures * batch;
            int narrow = block.Width * batch;
            Span<float> z = buffers.Z.AsSpan(0, wide);
            block.Linear.Forward(z, current, batch);
            Span<float> pre = z;
            if (block.BatchNorm is { } bn)
            {
                Span<float> normalised = buffers.Normalised.AsSpan(0, wide);
                bn.Forward(normalised, z, batch, training, updateRunningStats);
                pre = normalised;
            }

            Span<float> a = buffers.Activated.AsSpan(0, narrow);
            if (block.Maxout is { } maxout)
            {
                maxout.Forward(a, pre, batch);
            }
            else
            {
                block.Activation!.Forward(a, pre);
            }

            current = a;
            if (training && block.Dropout is { } dropout)
            {
                Span<float> dropped = buffers.Dropped.AsSpan(0, narrow);
                if (dropoutRng is not null)
                {
                    dropout.SampleMask(narrow, dropoutRng);
                }

                dropout.Forward(dropped, a);
                current = dropped;
            }
        }

        Output.Forward(ws.Logits.AsSpan(0, batch * Spec.Classes), current, batch);
    }

    /// <summary>
    /// Backward pass from ws.LogitsGrad (B, C) to every parameter gradient, which it adds to
    /// (zeroing <see cref="Gradients"/> is the caller's job) or, with <paramref name="accumulate"/>
    /// false, overwrites. Uses the caches of the last training Forward.
    /// </summary>
    internal void Backward(Workspace ws, ReadOnlySpan<float> x, int batch, bool accumulate = true)
    {
        int last = Blocks.Count - 1;
        ReadOnlySpan<float> outputInput = last < 0 ? x : BlockOutput(ws, last, batch);
        Span<float> dCurrent = last < 0 ? default : ws.Blocks[last].OutputGrad.AsSpan(0, Blocks[last].Width * batch);
        Output.Backward(dCurrent, ws.LogitsGrad.AsSpan(0, batch * Spec.Classes), outputInput, batch, accumulate);
        for (int l = last; l >= 0; l--)
        {
            var block = Blocks[l];
            var buffers = ws.Blocks[l];
            int wide = block.Linear.OutFeatures * batch;
            int narrow = block.Width * batch;
            Span<float> dA = buffers.OutputGrad.AsSpan(0, narrow);
            if (block.Dropout is { } dropout)
            {
                dropout.Backward(dA, dA);
            }

            Span<float> dPre = buffers.PreGrad.AsSpan(0, wide);
            if (block.Maxout is { } maxout)
            {
                maxout.Backward(dPre, dA, batch);
            }
            else
            {
                block.Activation!.Backward(dPre, dA, buffers.Activated.AsSpan(0, narrow));
            }

            Span<float> dZ = dPre;
            if (block.BatchNorm is { } bn)
            {
                dZ = buffers.ZGrad.AsSpan(0, wide);
                bn.Backward(dZ, dPre, batch, accumulate);
            }

            ReadOnlySpan<float> input = l == 0 ? x : BlockOutput(ws, l - 1, batch);
            Span<float> dInput = l == 0 ? default : ws.Blocks[l - 1].OutputGrad.AsSpan(0, Blocks[l - 1].Width * batch);
            block.Linear.Backward(dInput, dZ, input, batch, accumulate);
        }
    }

    private ReadOnlySpan<float> BlockOutput(Workspace ws, int l, int batch)
    {
        var buffers = ws.Blocks[l];
        float[] source = Blocks[l].Dropout is not null ? buffers.Dropped : buffers.Activated;
        return source.AsSpan(0, Blocks[l].Width * batch);
    }

    private void Initialise(WeightInit init, Rng rng)
    {
        foreach (var linear in Blocks.Select(b => b.Linear).Append(Output))
        {
            Span<float> w = linear.Weight.Span;
            double scale = init switch
            {
                WeightInit.SmallRandom => 0.01,
                WeightInit.Xavier => 1.0 / Math.Sqrt(linear.InFeatures),
                WeightInit.He => Math.Sqrt(2.0 / linear.InFeatures),
                _ => 0.0,
            };
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = init == WeightInit.Zeros ? 0f : (float)(scale * rng.NextGaussian());
            }

            linear.Bias.Span.Clear();
        }
    }
}
