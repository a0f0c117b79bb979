using HyperSearch.Core;
using HyperSearch.Engine.Kernels;
using HyperSearch.Engine.Layers;

namespace HyperSearch.Engine.Tests;

/// <summary>
/// The conv layers (Conv2d, MaxPool2d, BatchNorm2d, Flatten) against naive double-precision references:
/// forward passes against a direct convolution for odd sizes, strides and paddings, backward passes by
/// CS231n centred differences (h = 1e-5) layer by layer and through whole 2-block CNNs.
/// </summary>
public class ConvolutionTests
{
    private const double Tolerance = 1e-4;

    // (C, H, W, F, k, stride, pad, planar input)
    public static TheoryData<int, int, int, int, int, int, int, bool> Shapes => new()
    {
        { 1, 28, 28, 32, 5, 1, 2, true },   // the reference CNN's first layer
        { 32, 14, 14, 64, 5, 1, 2, false }, // and its second
        { 3, 7, 9, 5, 3, 2, 1, true },      // odd sizes, stride 2
        { 3, 7, 9, 5, 3, 2, 1, false },
        { 2, 5, 5, 3, 1, 1, 0, false },     // 1×1
        { 5, 11, 6, 17, 4, 3, 0, false },   // even kernel, stride 3, no padding
        { 4, 6, 8, 33, 5, 1, 3, true },     // padding wider than needed
        { 17, 9, 5, 7, 7, 2, 2, false },    // kernel wider than the image
        { 8, 7, 9, 5, 3, 1, 1, false },     // Winograd F(4×4, 3×3): partial edge tiles
        { 16, 6, 5, 3, 5, 1, 0, false },    // Winograd F(2×2, 5×5), no padding: a 2×1 output
        { 9, 5, 7, 4, 3, 1, 3, false },     // Winograd, padding wider than the kernel: the input gradient crops dY
        { 12, 9, 9, 20, 5, 1, 4, false },   // Winograd, padding k − 1 (a full convolution)
        { 24, 6, 6, 40, 3, 1, 1, false },   // Winograd, channels a whole vector of 16 and a part
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Conv2d_Forward_MatchesDirectConvolution(int c, int h, int w, int f, int k, int stride, int pad, bool planar)
    {
        var rng = new Random(c + (h * 7) + (k * 31));
        int batch = 3;
        var input = new ImageShape(c, h, w);
        float[] x = KernelTests.Random(rng, batch * input.Size);
        float[] weights = KernelTests.Random(rng, k * k * c * f);
        float[] bias = KernelTests.Random(rng, f);
        var conv = new Conv2d(input, f, k, stride, pad, planar, weights, bias, new float[weights.Length], new float[f]);
        float[] y = new float[batch * conv.OutputSize];

        conv.Forward(y, x, batch);

        double[] expected = Reference.Conv2d(Reference.ToDouble(x), Reference.ToDouble(weights), Reference.ToDouble(bias), batch, c, h, w, f, k, stride, pad, planar);
        Assert.Equal(expected.Length, y.Length);
        // Winograd rounds a little more than a direct sum (its transforms add and scale before the products):
        // 1.1e-6 to 1.6e-6 measured for F(2×2, 5×5) here, so it is held to 5e-6; im2col to 1e-6.
        double tolerance = conv.UsesWinograd ? 5e-6 : 1e-6;
        Assert.True(Reference.RelativeError(y, expected) < tolerance, $"relative error {Reference.RelativeError(y, expected):E2}");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Conv2d_IsBitIdentical_AcrossThreadCountsAndChunks(int c, int h, int w, int f, int k, int stride, int pad, bool planar)
    {
        var rng = new Random(5);
        int batch = 9;
        var input = new ImageShape(c, h, w);
        float[] x = KernelTests.Random(rng, batch * input.Size);
        float[] weights = KernelTests.Random(rng, k * k * c * f);
        float[] bias = KernelTests.Random(rng, f);
        float[] dy = KernelTests.Random(rng, batch * (((h + (2 * pad) - k) / stride) + 1) * (((w + (2 * pad) - k) / stride) + 1) * f);

        (float[] Y, float[] Dx, float[] Dw, float[] Db) Run(int threads)
        {
            float[] dw = new float[weights.Length], db = new float[f];
            var conv = new Conv2d(input, f, k, stride, pad, planar, weights, bias, dw, db) { Threads = threads };
            float[] y = new float[batch * conv.OutputSize], dx = new float[x.Length];
            conv.Forward(y, x, batch);
            conv.Backward(dx, dy, x, batch, accumulate: false);
            return (y, dx, dw, db);
        }

        var one = Run(1);
        var two = Run(2);
        Assert.Equal(one.Y, two.Y);
        Assert.Equal(one.Dx, two.Dx);
        Assert.Equal(one.Dw, two.Dw);
        Assert.Equal(one.Db, two.Db);
    }

    [Theory]
    [InlineData(2, 5, 6, 3, 3, 1, 1, true)]
    [InlineData(3, 6, 5, 4, 3, 2, 1, false)]
    [InlineData(2, 7, 7, 2, 5, 2, 2, false)]
    [InlineData(1, 6, 6, 3, 2, 1, 0, true)]
    [InlineData(8, 6, 7, 3, 3, 1, 1, false)]  // Winograd F(4×4, 3×3)
    [InlineData(8, 5, 6, 2, 5, 1, 2, false)]  // Winograd F(2×2, 5×5)
    [InlineData(9, 4, 5, 3, 3, 1, 3, false)]  // Winograd, padding wider than the kernel
    public void Conv2d_Backward_MatchesNumericGradient(int c, int h, int w, int f, int k, int stride, int pad, bool planar)
    {
        var rng = new Random(11);
        int batch = 3;
        var input = new ImageShape(c, h, w);
        float[] x = KernelTests.Random(rng, batch * input.Size);
        float[] weights = KernelTests.Random(rng, k * k * c * f);
        float[] bias = KernelTests.Random(rng, f);
        float[] dw = new float[weights.Length], db = new float[f], dx = new float[x.Length];
        var conv = new Conv2d(input, f, k, stride, pad, planar, weights, bias, dw, db);
        float[] g = KernelTests.Random(rng, batch * conv.OutputSize);
        conv.Forward(new float[g.Length], x, batch);
        dx.AsSpan().Fill(99f); // overwritten, not added to
        conv.Backward(dx, g, x, batch);

        double[] xd = Reference.ToDouble(x), wd = Reference.ToDouble(weights), bd = Reference.ToDouble(bias), gd = Reference.ToDouble(g);
        double L() => Dot(Reference.Conv2d(xd, wd, bd, batch, c, h, w, f, k, stride, pad, planar), gd);
        AssertClose(dx, Reference.NumericGradient(xd, L), "dx");
        AssertClose(dw, Reference.NumericGradient(wd, L), "dW");
        AssertClose(db, Reference.NumericGradient(bd, L), "db");
    }

    [Fact]
    public void Conv2d_Backward_AccumulatesIntoParameterGradients()
    {
        var rng = new Random(12);
        var input = new ImageShape(2, 5, 5);
        float[] x = KernelTests.Random(rng, 2 * input.Size);
        float[] weights = KernelTests.Random(rng, 9 * 2 * 3), bias = KernelTests.Random(rng, 3);
        float[] dw = new float[weights.Length], db = new float[3];
        var conv = new Conv2d(input, 3, 3, 1, 1, false, weights, bias, dw, db);
        float[] g = KernelTests.Random(rng, 2 * conv.OutputSize);
        conv.Backward(default, g, x, 2, accumulate: false);
        float[] once = [.. dw], onceBias = [.. db];

        conv.Backward(default, g, x, 2, accumulate: true);

        // The GEMM adds its product to dW in one step (exactly 2×); the bias sums add row by row (rounded).
        Assert.Equal(once.Select(v => v * 2), dw);
        Assert.All(Enumerable.Range(0, 3), j => Assert.Equal(onceBias[j] * 2, db[j], 1e-5f));
    }

    [Theory]
    [InlineData(3, 6, 6, 2, 2)]
    [InlineData(17, 5, 7, 2, 2)]  // odd size: the last row/column is dropped (floor); 16 vector + 1 scalar channel
    [InlineData(32, 4, 4, 3, 1)]  // overlapping windows: gradients add
    public void MaxPool2d_MatchesReference_AndNumericGradient(int c, int h, int w, int size, int stride)
    {
        var rng = new Random(13);
        int batch = 2;
        float[] x = KernelTests.Random(rng, batch * c * h * w, 3f);
        var pool = new MaxPool2d(new ImageShape(c, h, w), size, stride);
        float[] y = new float[batch * pool.OutputSize];
        float[] g = KernelTests.Random(rng, y.Length);
        float[] dx = new float[x.Length];
        pool.Forward(y, x, batch);
        dx.AsSpan().Fill(5f);
        pool.Backward(dx, g, batch);

        double[] xd = Reference.ToDouble(x), gd = Reference.ToDouble(g);
        Assert.Equal(Reference.MaxPool(xd, batch, c, h, w, size, stride).Select(v => (float)v), y);
        AssertClose(dx, Reference.NumericGradient(xd, () => Dot(Reference.MaxPool(xd, batch, c, h, w, size, stride), gd)), "maxpool dx");
    }

    [Fact]
    public void BatchNorm2d_Backward_MatchesNumericGradient_PerChannel()
    {
        var rng = new Random(14);
        int batch = 3, c = 4, pixels = 6;
        float[] x = KernelTests.Random(rng, batch * pixels * c, 2f);
        float[] gamma = KernelTests.Random(rng, c), beta = KernelTests.Random(rng, c);
        float[] g = KernelTests.Random(rng, x.Length);
        float[] dGamma = new float[c], dBeta = new float[c];
        var bn = new BatchNorm2d(c, pixels, gamma, beta, dGamma, dBeta);
        float[] y = [.. x];
        bn.Forward(y, y, batch, training: true); // in place, as the model runs it
        float[] dx = [.. g];
        bn.Backward(dx, dx, batch);

        double[] xd = Reference.ToDouble(x), gd = Reference.ToDouble(gamma), bd = Reference.ToDouble(beta), up = Reference.ToDouble(g);
        double L() => Dot(Reference.BatchNorm(xd, gd, bd, batch * pixels, c), up);
        AssertClose(dx, Reference.NumericGradient(xd, L), "dx");
        AssertClose(dGamma, Reference.NumericGradient(gd, L), "dγ");
        AssertClose(dBeta, Reference.NumericGradient(bd, L), "dβ");
    }

    [Fact]
    public void BatchNorm2d_RunningStatistics_AreOverEveryPixel_AndUsedInEvalMode()
    {
        float[] gamma = [1f, 1f], beta = [0f, 0f];
        var bn = new BatchNorm2d(2, 2, gamma, beta, new float[2], new float[2]);
        // One sample, 2 pixels × 2 channels (HWC): channel 0 sees 1, 3; channel 1 sees 10, 10.
        float[] x = [1f, 10f, 3f, 10f];
        bn.Forward(new float[4], x, 1, training: true);
        Assert.Equal(0.1f * 2f, bn.RunningMean[0], 1e-6);
        Assert.Equal(0.1f * 10f, bn.RunningMean[1], 1e-6);
        Assert.Equal((0.9f * 1f) + (0.1f * 2f), bn.RunningVar[0], 1e-6); // unbiased over the 2 pixels
        Assert.Equal(0.9f, bn.RunningVar[1], 1e-6);
        float[] y = new float[4];
        bn.Forward(y, x, 1, training: false);
        Assert.Equal((1f - 0.2f) / MathF.Sqrt(1.1f + 1e-5f), y[0], 1e-5);
    }

    [Fact]
    public void Flatten_IsAViewInHwcOrder()
    {
        var flatten = new Flatten(new ImageShape(3, 2, 2));
        float[] x = Enumerable.Range(0, 24).Select(i => (float)i).ToArray();
        Assert.Equal(12, flatten.Features);
        Assert.True(flatten.Forward(x, 2) == x.AsSpan(0, 24));
        Assert.True(flatten.Backward(x, 1) == x.AsSpan(0, 12));
    }

    public static TheoryData<Activation, bool> ModelCases => new()
    {
        { Activation.Tanh, true },
        { Activation.ReLU, false },
        { Activation.ELU, true },
    };

    [Theory]
    [MemberData(nameof(ModelCases))]
    public void TwoBlockCnn_WithL2_MatchesNumericGradient(Activation activation, bool batchNorm)
    {
        // Block 1: 3×3 "same", pool → 3×3×3; block 2: 3×3 stride 2 pad 1, no pool → 2×2×4; dense 16 → 5 → 3.
        var spec = SmallCnn(activation, batchNorm);
        const int batch = 4;
        const double lambda = 0.01;
        var rng = new Random(21);
        var model = new Model(spec, new Rng(5, 1));
        float[] p = model.Parameters;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == 0f || p[i] == 1f)
            {
                p[i] += (float)((rng.NextDouble() - 0.5) * 0.5);
            }
        }

        float[] x = KernelTests.Random(rng, batch * spec.InputSize, 2f);
        int[] labels = Enumerable.Range(0, batch).Select(i => i % spec.Classes).ToArray();
        var ws = new Workspace(model, batch);
        model.Forward(ws, x, batch, training: true, dropoutRng: null, updateRunningStats: false);
        RowOps.SoftmaxCrossEntropy(ws.Logits.AsSpan(0, batch * spec.Classes), labels, batch, spec.Classes, ws.LogitsGrad.AsSpan(0, batch * spec.Classes), 1f / batch, out _);
        model.Gradients.AsSpan().Fill(7f);
        model.Backward(ws, x, batch, accumulate: false); // overwrite mode: every gradient written, none added to
        float[] analytic = model.Gradients.Select((g, i) => g + (float)(lambda * p[i])).ToArray();

        double[] pd = Reference.ToDouble(p), xd = Reference.ToDouble(x);
        double[] numeric = Reference.NumericGradient(pd, () => Reference.ModelLoss(model, pd, xd, labels, batch, lambda));
        AssertClose(analytic, numeric, $"{activation} bn={batchNorm}");
    }

    [Fact]
    public void ChunkedConvPasses_MatchWholeBatchPasses()
    {
        // Without batch norm the model runs its conv blocks over chunks of samples; the gradient checks
        // above run whole batches (their shapes are small), so chunks of 1 and 3 are compared with them here.
        var spec = SmallCnn(Activation.ReLU, batchNorm: false);
        var rng = new Random(23);
        const int batch = 7;
        float[] x = KernelTests.Random(rng, batch * spec.InputSize, 2f);
        int[] labels = Enumerable.Range(0, batch).Select(i => i % spec.Classes).ToArray();

        (float[] Logits, float[] Gradients) Run(int chunk)
        {
            var model = new Model(spec, new Rng(5, 1)) { ConvChunkSize = chunk };
            var ws = new Workspace(model, batch);
            model.Forward(ws, x, batch, training: true, dropoutRng: null);
            RowOps.SoftmaxCrossEntropy(ws.Logits.AsSpan(0, batch * spec.Classes), labels, batch, spec.Classes, ws.LogitsGrad.AsSpan(0, batch * spec.Classes), 1f / batch, out _);
            model.Backward(ws, x, batch, accumulate: false);
            return (ws.Logits[..(batch * spec.Classes)], model.Gradients);
        }

        var whole = Run(0);
        foreach (int chunk in new[] { 1, 3 })
        {
            var part = Run(chunk);
            Assert.Equal(whole.Logits, part.Logits); // every sample's forward pass is the same arithmetic
            Assert.True(Reference.RelativeError(part.Gradients, Reference.ToDouble(whole.Gradients)) < 1e-6, $"chunk {chunk}");
        }
    }

    [Fact]
    public void Cnn_ParameterLayout_AndShapes()
    {
        var spec = ReferenceCnn();
        var model = new Model(spec, new Rng(1, 1));

        // conv1 25·32 + 32, conv2 800·64 + 64, fc 3136·256 + 256, out 256·10 + 10
        Assert.Equal((25 * 32) + 32 + (800 * 64) + 64 + (3136 * 256) + 256 + (256 * 10) + 10, model.ParameterCount);
        Assert.Equal(3136, spec.DenseInputSize);
        Assert.Equal(new ImageShape(64, 7, 7), model.ConvBlocks[1].Output);
        Assert.Equal(3, model.DiagnosedWeights.Count);
    }

    [Fact]
    public void CnnSpec_Invalid_IsRejected()
    {
        var data = Synthetic.Gaussian(20, 16, 2, seed: 3);
        var ok = new ModelSpec(16, [4], 2, Activation.ReLU, WeightInit.He, false) { InputShape = new ImageShape(1, 4, 4), ConvBlocks = [new ConvBlockSpec(2, 3, MaxPool: true)] };
        var engine = new TensorEngine(1);
        Assert.Equal(TrainingOutcome.Completed, engine.Train(ok, new TrainingOptions { BatchSize = 10 }, data, data).Outcome);

        Assert.Throws<ArgumentException>(() => engine.Train(ok with { InputShape = null }, new TrainingOptions(), data, data));
        Assert.Throws<ArgumentException>(() => engine.Train(ok with { InputShape = new ImageShape(1, 4, 5) }, new TrainingOptions(), data, data));
        Assert.Throws<ArgumentException>(() => engine.Train(ok with { Activation = Activation.Maxout }, new TrainingOptions(), data, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Train(ok with { ConvBlocks = [new ConvBlockSpec(0)] }, new TrainingOptions(), data, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => engine.Train(ok with { ConvBlocks = [new ConvBlockSpec(2) { Stride = 0 }] }, new TrainingOptions(), data, data));
        // 4×4 → pool 2×2 → pool 1×1 → a third pool has nothing to pool.
        Assert.Throws<ArgumentException>(() => engine.Train(ok with { ConvBlocks = [new(2, 3, MaxPool: true), new(2, 3, MaxPool: true), new(2, 3, MaxPool: true)] }, new TrainingOptions(), data, data));
        Assert.Throws<ArgumentException>(() => engine.Train(ok with { ConvBlocks = [new ConvBlockSpec(2, 7) { Padding = 0 }] }, new TrainingOptions(), data, data));
    }

    [Fact]
    public void CnnTraining_IsBitIdentical_AcrossThreadCounts_AndReportsConvDiagnostics()
    {
        var data = Synthetic.Gaussian(360, 2 * 7 * 7, 3, seed: 41);
        var spec = SmallCnn(Activation.ReLU, batchNorm: true) with { Dropout = 0.2f };
        var options = new TrainingOptions { LearningRate = 0.05, BatchSize = 32, Epochs = 2, Seed = 3, Threads = 1 };

        var one = new TensorEngine(2).Train(spec, options, data.Slice(0, 300), data.Slice(300, 60));
        var two = new TensorEngine(2).Train(spec, options with { Threads = 2 }, data.Slice(0, 300), data.Slice(300, 60));

        Assert.Equal(PinnedBitsTests.Digest(one), PinnedBitsTests.Digest(two));
        var layers = one.Epochs[^1].Layers;
        Assert.Equal(3, layers.Count); // two conv blocks, one hidden layer
        Assert.Equal([1, 2, 3], layers.Select(l => l.Layer));
        Assert.All(layers, l =>
        {
            Assert.True(l.ActivationStd > 0);
            Assert.InRange(l.DeadFraction, 0, 1);
            Assert.InRange(l.UpdateToWeightRatio, 1e-7, 1);
        });
        Assert.Equal(layers.Select(l => l.ActivationStd), two.Epochs[^1].Layers.Select(l => l.ActivationStd));
    }

    [Fact]
    public void CnnDiagnostics_CountDeadChannels()
    {
        var spec = SmallCnn(Activation.ReLU, batchNorm: false);
        var model = new Model(spec, new Rng(2, 1));
        var conv = model.ConvBlocks[0].Conv;
        // Filter 1 of block 1 gets zero weights and a negative bias: its output is ≤ 0 everywhere.
        for (int r = 0; r < conv.ColumnLength; r++)
        {
            conv.Weight.Span[(r * conv.Filters) + 1] = 0f;
        }

        conv.Bias.Span[1] = -1f;
        var data = Synthetic.Gaussian(40, spec.InputSize, 3, seed: 2);

        var layers = Trainer.Diagnose(model, data, null, null, batchStatistics: false);

        Assert.Equal(1.0 / 3, layers[0].DeadFraction, 1e-12);
    }

    [Fact]
    public void CnnTrainingStep_AllocatesNothing_AfterWarmUp()
    {
        var spec = ReferenceCnn() with { ConvBlocks = [new ConvBlockSpec(32, 5, BatchNorm: true, MaxPool: true), new ConvBlockSpec(64, 5, MaxPool: true)] };
        var model = new Model(spec, new Rng(1, 1));
        var ws = new Workspace(model, 16);
        var opt = new Optimizer(new TrainingOptions(), model.ParameterCount);
        var rng = new Random(3);
        KernelTests.Random(rng, ws.Input.Length).CopyTo(ws.Input, 0);
        for (int i = 0; i < 16; i++)
        {
            ws.Labels[i] = i % 10;
        }

        for (int i = 0; i < 2; i++)
        {
            Trainer.Step(model, ws, opt, 16, 0.01f, 1e-4f, null);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            Trainer.Step(model, ws, opt, 16, 0.01f, 1e-4f, null);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void CnnRun_ResumedAfter3Epochs_IsBitIdenticalTo9Epochs()
    {
        var data = Synthetic.Gaussian(260, 2 * 7 * 7, 3, seed: 43);
        var spec = SmallCnn(Activation.ReLU, batchNorm: true) with { HiddenLayers = [6], BatchNorm = true, Dropout = 0.1f };
        var options = new TrainingOptions { LearningRate = 0.03, BatchSize = 25, Epochs = 9, Seed = 8, Regularization = 1e-3, TrainEvaluationRows = 100 };
        var train = data.Slice(0, 200);
        var validation = data.Slice(200, 60);
        var straight = new TensorEngine(1).Train(spec, options, train, validation);

        var first = new TensorEngine(2).Train(spec, options with { Epochs = 3, Threads = 2 }, train, validation);
        var bytes = first.CaptureCheckpoint()!.ToBytes();
        var rest = new TensorEngine(2).Train(spec, options, train, validation, TrainingCheckpoint.FromBytes(bytes));

        Assert.Equal(1, BitConverter.ToUInt16(bytes, 6)); // the conv flag
        Assert.Equal(PinnedBitsTests.Digest(straight), PinnedBitsTests.Digest(new TrainingResult(rest.Outcome, rest.InitialLoss, [.. first.Epochs, .. rest.Epochs], null, 0, rest.SamplesTrained) { Model = rest.Model }));
        Assert.Equal(straight.Model.ConvBlocks[0].BatchNorm!.RunningVar, rest.Model.ConvBlocks[0].BatchNorm!.RunningVar);
        Assert.Equal(straight.Model.ConvBlocks[1].BatchNorm!.RunningMean, rest.Model.ConvBlocks[1].BatchNorm!.RunningMean);
        Assert.Equal(straight.Model.Blocks[0].BatchNorm!.RunningMean, rest.Model.Blocks[0].BatchNorm!.RunningMean);
        Assert.Equal(straight.Epochs.Select(e => e.Layers.Count), Enumerable.Repeat(3, 9));

        var other = spec with { ConvBlocks = [spec.ConvBlocks[0], spec.ConvBlocks[1] with { Filters = 5 }] };
        var e = Assert.Throws<ArgumentException>(() => new TensorEngine(1).Train(other, options, train, validation, TrainingCheckpoint.FromBytes(bytes)));
        Assert.Contains("ConvBlocks", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferenceCnn_LearnsFashionMnist_ToAtLeast85PercentInOneEpoch()
    {
        Assert.True(
            File.Exists(Path.Combine(FashionMnist.Directory, "train-images-idx3-ubyte.gz")),
            $"Fashion-MNIST is missing from {FashionMnist.Directory}: apt-get install -y dataset-fashion-mnist");
        var (train, validation, _) = FashionMnist.Load();
        var options = new TrainingOptions { LearningRate = 0.01, Regularization = 1e-4, Optimizer = OptimizerKind.SgdMomentum, BatchSize = 128, Epochs = 1, Seed = 1 };

        var result = new TensorEngine(Environment.ProcessorCount).Train(ReferenceCnn(), options, train, validation);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(result.ValidationAccuracy >= 0.85, $"validation accuracy {result.ValidationAccuracy:F4}");
        Assert.Equal(390 * 128, result.SamplesTrained);
        Assert.Equal(3, result.Epochs[0].Layers.Count);
    }

    internal static ModelSpec ReferenceCnn() => new(784, [256], 10, Activation.ReLU, WeightInit.He, BatchNorm: false)
    {
        InputShape = new ImageShape(1, 28, 28),
        ConvBlocks = [new ConvBlockSpec(32, 5, MaxPool: true), new ConvBlockSpec(64, 5, MaxPool: true)],
    };

    private static ModelSpec SmallCnn(Activation activation, bool batchNorm) => new(2 * 7 * 7, [5], 3, activation, WeightInit.He, BatchNorm: false)
    {
        InputShape = new ImageShape(2, 7, 7),
        ConvBlocks = [new ConvBlockSpec(3, 3, batchNorm, MaxPool: true), new ConvBlockSpec(4, 3, batchNorm) { Stride = 2, Padding = 1 }],
    };

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static void AssertClose(ReadOnlySpan<float> analytic, double[] numeric, string what)
    {
        double error = Reference.RelativeError(analytic, numeric);
        Assert.True(error < Tolerance, $"{what}: relative error {error:E2} ≥ {Tolerance:E0}");
    }
}
