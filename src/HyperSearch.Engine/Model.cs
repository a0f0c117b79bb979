using HyperSearch.Core;
using System.Numerics.Tensors;
using HyperSearch.Engine.Kernels;
using HyperSearch.Engine.Layers;

namespace HyperSearch.Engine;

/// <summary>
/// A built network: optional conv blocks (Conv2d → [BatchNorm2d] → activation → [MaxPool2d], NHWC,
/// flattened into the first dense layer), then per hidden layer Linear → [BatchNorm1d] → activation (or Maxout) → [Dropout], then
/// a Linear output layer feeding softmax cross-entropy. All parameters live in one contiguous
/// buffer (and all gradients in another) that the layers slice, so the optimiser is one loop.
/// Not thread-safe: one trial owns a model; <see cref="Evaluate"/> may be called once training ended.
/// </summary>
public sealed class Model
{
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private int _convChunk; // samples per pass through the conv blocks; 0: the whole batch (see ConvChunk)
    private Workspace? _evalWorkspace;

    internal Model(ModelSpec spec, Rng rng, WeightInit? initOverride = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        int pieces = spec.Activation == Activation.Maxout ? spec.MaxoutPieces : 1;

        // Lay out the parameter buffer: [W, b, (γ, β)] per conv block, then [W, b] per linear layer,
        // then [γ, β] per batch norm (an MLP's layout is the one it had before conv blocks existed).
        ImageShape[] convShapes = spec.ConvOutputShapes();
        long total = 0;
        ImageShape? convInput = spec.InputShape;
        for (int i = 0; i < convShapes.Length; i++)
        {
            var c = spec.ConvBlocks[i];
            total += ((long)c.KernelSize * c.KernelSize * convInput!.Channels * c.Filters) + c.Filters + (c.BatchNorm ? 2L * c.Filters : 0);
            convInput = convShapes[i];
        }

        var linearShapes = new List<(int In, int Out)>();
        int fanIn = spec.DenseInputSize;
        foreach (int width in spec.HiddenLayers)
        {
            linearShapes.Add((fanIn, width * pieces));
            fanIn = width;
        }

        linearShapes.Add((fanIn, spec.Classes));
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

        var convBlocks = new List<ConvBlock>();
        convInput = spec.InputShape;
        for (int i = 0; i < convShapes.Length; i++)
        {
            var c = spec.ConvBlocks[i];
            int k = c.KernelSize * c.KernelSize * convInput!.Channels;
            var w = P(k * c.Filters);
            var gw = G(k * c.Filters);
            offset += k * c.Filters;
            var b = P(c.Filters);
            var gb = G(c.Filters);
            offset += c.Filters;
            var conv = new Conv2d(convInput, c.Filters, c.KernelSize, c.Stride, c.EffectivePadding, planarInput: i == 0, w, b, gw, gb);
            BatchNorm2d? bn = null;
            if (c.BatchNorm)
            {
                var gamma = P(c.Filters);
                var dGamma = G(c.Filters);
                offset += c.Filters;
                var beta = P(c.Filters);
                var dBeta = G(c.Filters);
                offset += c.Filters;
                gamma.Span.Fill(1f);
                bn = new BatchNorm2d(c.Filters, conv.OutHeight * conv.OutWidth, gamma, beta, dGamma, dBeta);
            }

            var pool = c.MaxPool ? new MaxPool2d(new ImageShape(c.Filters, conv.OutHeight, conv.OutWidth)) : null;
            convBlocks.Add(new ConvBlock(c, convShapes[i], conv, bn, new ActivationLayer(spec.Activation, spec.LeakySlope), pool));
            convInput = convShapes[i];
        }

        ConvBlocks = convBlocks;
        _convChunk = convBlocks.Count == 0 || convBlocks.Any(c => c.BatchNorm is not null) ? 0 : Math.Max(1, convBlocks.Min(c => c.Conv.SamplesPerChunk));
        Flatten = convShapes.Length > 0 ? new Flatten(convShapes[^1]) : null;

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
        DiagnosedWeights = ConvBlocks.Select(c => c.Conv.Weight).Concat(Blocks.Select(b => b.Linear.Weight)).ToArray();
        DiagnosedGradients = ConvBlocks.Select(c => c.Conv.WeightGrad).Concat(Blocks.Select(b => b.Linear.WeightGrad)).ToArray();
        Initialise(initOverride ?? spec.WeightInit, rng);
    }

    public ModelSpec Spec { get; }

    /// <summary>Number of trainable parameters (weights, biases, batch-norm γ and β).</summary>
    public int ParameterCount => _parameters.Length;

    internal float[] Parameters => _parameters;

    internal float[] Gradients => _gradients;

    internal IReadOnlyList<HiddenBlock> Blocks { get; }

    /// <summary>The conv blocks, run before <see cref="Blocks"/> (empty for an MLP).</summary>
    internal IReadOnlyList<ConvBlock> ConvBlocks { get; }

    /// <summary>The view from the last conv block to the dense layers; null for an MLP.</summary>
    internal Flatten? Flatten { get; }

    /// <summary>The weights whose update ratio the diagnostics report: every conv block's, then every hidden layer's.</summary>
    internal IReadOnlyList<Memory<float>> DiagnosedWeights { get; }

    /// <summary>The gradients of <see cref="DiagnosedWeights"/>, in the same order.</summary>
    internal IReadOnlyList<Memory<float>> DiagnosedGradients { get; }

    internal Linear Output { get; }

    internal int Threads
    {
        set
        {
            foreach (var block in Blocks)
            {
                block.Linear.Threads = value;
            }

            foreach (var block in ConvBlocks)
            {
                block.Conv.Threads = value;
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

    /// <summary>Rows per evaluation pass (see EvaluateRows).</summary>
    internal int EvaluationChunk => ConvBlocks.Count > 0 ? 128 : 500;

    /// <summary>The eval-mode buffers, built on first use and kept (diagnostics of a CNN reuse them too).</summary>
    internal Workspace EvaluationWorkspace => _evalWorkspace ??= new Workspace(this, EvaluationChunk, gradients: false);

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

        // A conv net's activations are large (the reference CNN's: ≈ 190 KB per row), so it evaluates in
        // training-batch-sized chunks. Eval mode is row-independent, so the chunk never changes results.
        int chunk = EvaluationChunk;
        var ws = EvaluationWorkspace;
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

    /// <summary>Forward pass of <paramref name="batch"/> rows into ws.Logits (B, C). applyDropout false skips dropout in training mode.</summary>
    internal void Forward(Workspace ws, ReadOnlySpan<float> x, int batch, bool training, Rng? dropoutRng, bool updateRunningStats = true, bool applyDropout = true)
    {
        ReadOnlySpan<float> current = x;
        int step = ConvChunk(batch);
        for (int s0 = 0; s0 < batch; s0 += step)
        {
            int n = Math.Min(step, batch - s0);
            for (int i = 0; i < ConvBlocks.Count; i++)
            {
                var block = ConvBlocks[i];
                var buffers = ws.Conv[i];
                ReadOnlySpan<float> input = ConvInput(ws, x, i, s0, n);
                // Conv, batch norm and activation all run in place on one (B, OH, OW, F) buffer: the backward
                // passes need only the activation's output, BN's own x̂ and the conv's input.
                Span<float> a = buffers.Activated.AsSpan(block.ActivatedSize * s0, block.ActivatedSize * n);
                block.Conv.Forward(a, input, n, firstPart: s0 == 0);
                block.BatchNorm?.Forward(a, a, n, training, updateRunningStats);
                block.Activation.Forward(a, a);
                block.Pool?.Forward(buffers.Pooled.AsSpan(block.OutputSize * s0, block.OutputSize * n), a, n, s0);
            }
        }

        if (Flatten is { } flatten)
        {
            current = flatten.Forward(ConvOutput(ws, ConvBlocks.Count - 1, batch), batch);
        }

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
            if (training && applyDropout && block.Dropout is { } dropout)
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
        ReadOnlySpan<float> denseInput = ConvBlocks.Count == 0 ? x : ConvOutput(ws, ConvBlocks.Count - 1, batch);
        Span<float> dDenseInput = ConvBlocks.Count == 0 ? default : Flatten!.Backward(ws.Conv[^1].OutputGrad, batch);
        ReadOnlySpan<float> outputInput = last < 0 ? denseInput : BlockOutput(ws, last, batch);
        Span<float> dCurrent = last < 0 ? dDenseInput : ws.Blocks[last].OutputGrad.AsSpan(0, Blocks[last].Width * batch);
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

            ReadOnlySpan<float> input = l == 0 ? denseInput : BlockOutput(ws, l - 1, batch);
            Span<float> dInput = l == 0 ? dDenseInput : ws.Blocks[l - 1].OutputGrad.AsSpan(0, Blocks[l - 1].Width * batch);
            block.Linear.Backward(dInput, dZ, input, batch, accumulate);
        }

        // Chunks in reverse: the forward pass's last chunk is the one still in cache (and in the first conv's col buffer).
        int step = ConvChunk(batch);
        int lastChunk = ConvBlocks.Count == 0 ? -1 : (batch - 1) / step;
        for (int c = lastChunk; c >= 0; c--)
        {
            int s0 = c * step;
            int n = Math.Min(step, batch - s0);
            for (int i = ConvBlocks.Count - 1; i >= 0; i--)
            {
                var block = ConvBlocks[i];
                var buffers = ws.Conv[i];
                Span<float> dA = buffers.ActivatedGrad.AsSpan(block.ActivatedSize * s0, block.ActivatedSize * n);
                bool relu = block.Activation.Kind == Activation.ReLU;
                if (block.Pool is { } pool)
                {
                    // After a ReLU the pool's backward pass is the ReLU's too (see MaxPool2d.Backward).
                    Span<float> pooled = buffers.Pooled.AsSpan(block.OutputSize * s0, block.OutputSize * n);
                    pool.Backward(dA, buffers.OutputGrad.AsSpan(block.OutputSize * s0, block.OutputSize * n), n, relu ? pooled : default, s0);
                }

                // In place, as the forward pass: dA becomes the activation's input gradient, then BN's.
                if (!relu || block.Pool is null)
                {
                    block.Activation.Backward(dA, dA, buffers.Activated.AsSpan(block.ActivatedSize * s0, block.ActivatedSize * n));
                }

                block.BatchNorm?.Backward(dA, dA, n, accumulate);
                Span<float> dInput = i == 0 ? default : ws.Conv[i - 1].OutputGrad.AsSpan(ConvBlocks[i - 1].OutputSize * s0, ConvBlocks[i - 1].OutputSize * n);
                block.Conv.BackwardPart(dInput, dA, ConvInput(ws, x, i, s0, n), n, first: c == lastChunk);
            }
        }

        for (int i = 0; i < ConvBlocks.Count; i++)
        {
            ConvBlocks[i].Conv.FinishBackward(accumulate);
        }
    }

    /// <summary>
    /// Samples per pass through the conv blocks: the whole batch when a block normalises over it, else the
    /// deepest col chunk's, so every block's activations of a chunk are still in cache when the next block
    /// (or, backwards, the previous one) reads them. A function of the shapes alone: results never depend on it
    /// changing with threads.
    /// </summary>
    private int ConvChunk(int batch) => _convChunk == 0 ? batch : _convChunk;

    /// <summary>Samples per pass through the conv blocks (0: the whole batch); tests set it to compare chunked and whole passes.</summary>
    internal int ConvChunkSize
    {
        get => _convChunk;
        set => _convChunk = value;
    }

    /// <summary>Samples s0 … s0 + n − 1 of conv block <paramref name="i"/>'s input.</summary>
    private ReadOnlySpan<float> ConvInput(Workspace ws, ReadOnlySpan<float> x, int i, int s0, int n)
    {
        if (i == 0)
        {
            return x.Slice(Spec.InputSize * s0, Spec.InputSize * n);
        }

        var previous = ConvBlocks[i - 1];
        float[] source = previous.Pool is not null ? ws.Conv[i - 1].Pooled : ws.Conv[i - 1].Activated;
        return source.AsSpan(previous.OutputSize * s0, previous.OutputSize * n);
    }

    /// <summary>What conv block <paramref name="i"/> passes on: its pooled output, or its activations.</summary>
    private ReadOnlySpan<float> ConvOutput(Workspace ws, int i, int batch)
    {
        var block = ConvBlocks[i];
        float[] source = block.Pool is not null ? ws.Conv[i].Pooled : ws.Conv[i].Activated;
        return source.AsSpan(0, block.OutputSize * batch);
    }

    private ReadOnlySpan<float> BlockOutput(Workspace ws, int l, int batch)
    {
        var buffers = ws.Blocks[l];
        float[] source = Blocks[l].Dropout is not null ? buffers.Dropped : buffers.Activated;
        return source.AsSpan(0, Blocks[l].Width * batch);
    }

    private void Initialise(WeightInit init, Rng rng)
    {
        // Conv filters first (fan-in k·k·C, as PyTorch's), then the linear layers: an MLP draws what it always drew.
        var layers = ConvBlocks.Select(c => (c.Conv.Weight, c.Conv.Bias, FanIn: c.Conv.ColumnLength))
            .Concat(Blocks.Select(b => b.Linear).Append(Output).Select(l => (l.Weight, l.Bias, FanIn: l.InFeatures)));
        foreach (var (weight, bias, fanIn) in layers)
        {
            Span<float> w = weight.Span;
            double scale = init switch
            {
                WeightInit.SmallRandom => 0.01,
                WeightInit.Xavier => 1.0 / Math.Sqrt(fanIn),
                WeightInit.He => Math.Sqrt(2.0 / fanIn),
                _ => 0.0,
            };
            if (init == WeightInit.PyTorchDefault)
            {
                double bound = 1.0 / Math.Sqrt(fanIn);
                foreach (var target in new[] { weight, bias })
                {
                    Span<float> t = target.Span;
                    for (int i = 0; i < t.Length; i++)
                    {
                        t[i] = (float)(bound * ((2 * rng.NextDouble()) - 1));
                    }
                }

                continue;
            }

            for (int i = 0; i < w.Length; i++)
            {
                w[i] = init == WeightInit.Zeros ? 0f : (float)(scale * rng.NextGaussian());
            }

            bias.Span.Clear();
        }
    }
}
