using HyperSearch.Core;
using HyperSearch.Engine.Kernels;
using HyperSearch.Engine.Layers;

namespace HyperSearch.Engine.Tests;

/// <summary>
/// CS231n-style gradient checks: the engine's float32 backward passes against centred differences
/// (h = 1e-5) of the double-precision reference forward in <see cref="Reference"/>. A layer is checked
/// through the scalar L = Σ y·G for a fixed random upstream gradient G, so dL/dy = G.
/// </summary>
public class GradientCheckTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<Activation> ElementwiseActivations => new() { Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.ELU };

    public static TheoryData<Activation> AllActivations => new() { Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.ELU, Activation.Maxout };

    [Fact]
    public void Linear_Backward_MatchesNumericGradient()
    {
        var rng = new Random(1);
        int batch = 4, inF = 7, outF = 5;
        float[] x = KernelTests.Random(rng, batch * inF);
        float[] w = KernelTests.Random(rng, inF * outF);
        float[] b = KernelTests.Random(rng, outF);
        float[] g = KernelTests.Random(rng, batch * outF);
        float[] dw = new float[w.Length], db = new float[b.Length], dx = new float[x.Length];
        var layer = new Linear(inF, outF, w, b, dw, db);
        layer.Forward(new float[batch * outF], x, batch);
        layer.Backward(dx, g, x, batch);

        double[] xd = Reference.ToDouble(x), wd = Reference.ToDouble(w), bd = Reference.ToDouble(b), gd = Reference.ToDouble(g);
        double L() => Dot(Reference.Linear(xd, wd, bd, batch, inF, outF), gd);
        AssertClose(dx, Reference.NumericGradient(xd, L), "dx");
        AssertClose(dw, Reference.NumericGradient(wd, L), "dW");
        AssertClose(db, Reference.NumericGradient(bd, L), "db");
    }

    [Theory]
    [MemberData(nameof(ElementwiseActivations))]
    public void Activation_Backward_MatchesNumericGradient(Activation kind)
    {
        var rng = new Random(2);
        int n = 37;
        float[] x = KernelTests.Random(rng, n, 3f);
        float[] g = KernelTests.Random(rng, n);
        float[] y = new float[n], dx = new float[n];
        var layer = new ActivationLayer(kind, 0.05f);
        layer.Forward(y, x);
        layer.Backward(dx, g, y);

        double[] xd = Reference.ToDouble(x), gd = Reference.ToDouble(g);
        double L() => Dot(xd.Select(v => Reference.Act(kind, v, 0.05)).ToArray(), gd);
        AssertClose(dx, Reference.NumericGradient(xd, L), kind.ToString());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Maxout_Backward_MatchesNumericGradient(int pieces)
    {
        var rng = new Random(3);
        int batch = 4, units = 5;
        float[] x = KernelTests.Random(rng, batch * units * pieces);
        float[] g = KernelTests.Random(rng, batch * units);
        float[] y = new float[batch * units], dx = new float[x.Length];
        var layer = new MaxoutLayer(units, pieces);
        layer.Forward(y, x, batch);
        layer.Backward(dx, g, batch);

        double[] xd = Reference.ToDouble(x), gd = Reference.ToDouble(g);
        double L() => Dot(Reference.Maxout(xd, batch, units, pieces), gd);
        AssertClose(dx, Reference.NumericGradient(xd, L), "maxout");
    }

    [Fact]
    public void BatchNorm_Backward_MatchesNumericGradient()
    {
        var rng = new Random(4);
        int batch = 8, f = 5;
        float[] x = KernelTests.Random(rng, batch * f, 2f);
        float[] gamma = KernelTests.Random(rng, f);
        float[] beta = KernelTests.Random(rng, f);
        float[] g = KernelTests.Random(rng, batch * f);
        float[] dGamma = new float[f], dBeta = new float[f], dx = new float[x.Length];
        var layer = new BatchNorm1d(f, gamma, beta, dGamma, dBeta);
        layer.Forward(new float[x.Length], x, batch, training: true);
        layer.Backward(dx, g, batch);

        double[] xd = Reference.ToDouble(x), gd = Reference.ToDouble(gamma), bd = Reference.ToDouble(beta), up = Reference.ToDouble(g);
        double L() => Dot(Reference.BatchNorm(xd, gd, bd, batch, f), up);
        AssertClose(dx, Reference.NumericGradient(xd, L), "dx");
        AssertClose(dGamma, Reference.NumericGradient(gd, L), "dγ");
        AssertClose(dBeta, Reference.NumericGradient(bd, L), "dβ");
    }

    [Fact]
    public void BatchNorm_EvalMode_UsesRunningAverages()
    {
        float[] gamma = [1f], beta = [0f];
        var layer = new BatchNorm1d(1, gamma, beta, new float[1], new float[1]);
        float[] x = [1f, 3f];
        layer.Forward(new float[2], x, 2, training: true);
        Assert.Equal(0.1f * 2f, layer.RunningMean[0], 1e-6);
        Assert.Equal((0.9f * 1f) + (0.1f * 2f), layer.RunningVar[0], 1e-6); // unbiased batch variance 2
        float[] y = new float[2];
        layer.Forward(y, x, 2, training: false);
        Assert.Equal((1f - 0.2f) / MathF.Sqrt(1.1f + 1e-5f), y[0], 1e-5);
    }

    [Fact]
    public void Dropout_WithFixedMask_MatchesNumericGradient()
    {
        var rng = new Random(5);
        int n = 30;
        float[] x = KernelTests.Random(rng, n);
        float[] g = KernelTests.Random(rng, n);
        float[] mask = Enumerable.Range(0, n).Select(i => i % 3 == 0 ? 0f : 1.5f).ToArray();
        var layer = new Dropout(1f / 3f);
        layer.SetMask(mask);
        float[] y = new float[n], dx = new float[n];
        layer.Forward(y, x);
        layer.Backward(dx, g);

        double[] xd = Reference.ToDouble(x), gd = Reference.ToDouble(g);
        double L() => Dot(xd.Select((v, i) => v * mask[i]).ToArray(), gd);
        AssertClose(dx, Reference.NumericGradient(xd, L), "dropout");
    }

    [Fact]
    public void Dropout_SampledMask_KeepsExpectedFractionAndScale()
    {
        var layer = new Dropout(0.25f);
        layer.SampleMask(10_000, new Rng(1));
        var mask = layer.Mask(10_000).ToArray();
        Assert.All(mask, m => Assert.True(m == 0f || Math.Abs(m - (1 / 0.75f)) < 1e-6));
        Assert.InRange(mask.Count(m => m == 0f) / 10_000.0, 0.22, 0.28);
    }

    [Fact]
    public void SoftmaxCrossEntropy_Gradient_MatchesNumericGradient()
    {
        var rng = new Random(6);
        int batch = 5, classes = 4;
        float[] logits = KernelTests.Random(rng, batch * classes, 3f);
        int[] labels = [0, 3, 1, 1, 2];
        float[] grad = new float[logits.Length];
        double sum = RowOps.SoftmaxCrossEntropy(logits, labels, batch, classes, grad, 1f / batch, out _);

        double[] ld = Reference.ToDouble(logits);
        Assert.Equal(Reference.CrossEntropy(ld, labels, batch, classes), sum / batch, 1e-6);
        AssertClose(grad, Reference.NumericGradient(ld, () => Reference.CrossEntropy(ld, labels, batch, classes)), "dlogits");
    }

    [Theory]
    [InlineData(4, 0.1f)]
    [InlineData(4, 0.5f)]
    [InlineData(40, 0.2f)] // more than 32 classes: the kernel's vectorised row path
    public void SoftmaxCrossEntropy_WithLabelSmoothing_MatchesDefinitionAndNumericGradient(int classes, float smoothing)
    {
        var rng = new Random(16);
        int batch = 5;
        float[] logits = KernelTests.Random(rng, batch * classes, 3f);
        int[] labels = Enumerable.Range(0, batch).Select(r => (r * 7) % classes).ToArray();
        float[] grad = new float[logits.Length];
        double sum = RowOps.SoftmaxCrossEntropy(logits, labels, batch, classes, grad, 1f / batch, smoothing, out _);

        double[] ld = Reference.ToDouble(logits);
        double L() => Reference.CrossEntropy(ld, labels, batch, classes, smoothing);
        Assert.Equal(L(), sum / batch, 1e-6);
        AssertClose(grad, Reference.NumericGradient(ld, L), $"dlogits ε={smoothing}");
        Assert.Equal(Reference.CrossEntropy(ld, labels, batch, classes), Reference.CrossEntropy(ld, labels, batch, classes, 0), 1e-12);
    }

    [Fact]
    public void SoftmaxCrossEntropy_ZeroSmoothing_IsThePlainKernelBitForBit()
    {
        var rng = new Random(17);
        foreach (int classes in new[] { 3, 10, 33, 100 })
        {
            float[] logits = KernelTests.Random(rng, 9 * classes, 4f);
            int[] labels = Enumerable.Range(0, 9).Select(r => r % classes).ToArray();
            float[] plain = new float[logits.Length], zero = new float[logits.Length];
            double a = RowOps.SoftmaxCrossEntropy(logits, labels, 9, classes, plain, 1f / 9, out int okA);
            double b = RowOps.SoftmaxCrossEntropy(logits, labels, 9, classes, zero, 1f / 9, 0f, out int okB);
            Assert.Equal(BitConverter.DoubleToInt64Bits(a), BitConverter.DoubleToInt64Bits(b));
            Assert.Equal(okA, okB);
            Assert.Equal(plain, zero);
        }
    }

    [Theory]
    [MemberData(nameof(AllActivations))]
    public void ThreeLayerModel_WithBatchNormAndL2_MatchesNumericGradient(Activation kind) =>
        CheckModel(new ModelSpec(6, [5, 4], 3, kind, WeightInit.Xavier, BatchNorm: true, LeakySlope: 0.05f), dropout: false);

    [Theory]
    [InlineData(Activation.ReLU)]
    [InlineData(Activation.Tanh)]
    public void ThreeLayerModel_WithoutBatchNorm_WithDropout_MatchesNumericGradient(Activation kind) =>
        CheckModel(new ModelSpec(6, [5, 4], 3, kind, WeightInit.He, BatchNorm: false, Dropout: 0.3f), dropout: true);

    [Fact]
    public void ThreeLayerModel_WithLabelSmoothing_MatchesNumericGradient() =>
        CheckModel(new ModelSpec(6, [5, 4], 3, Activation.Tanh, WeightInit.Xavier, BatchNorm: true), dropout: false, smoothing: 0.2f);

    [Fact]
    public void Backward_OverwriteMode_EqualsZeroThenAccumulate()
    {
        var spec = new ModelSpec(6, [5, 4], 3, Activation.ReLU, WeightInit.He, BatchNorm: true);
        var model = new Model(spec, new Rng(3, 1));
        var rng = new Random(9);
        float[] x = KernelTests.Random(rng, 8 * 6);
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1];
        var ws = new Workspace(model, 8);
        model.Forward(ws, x, 8, training: true, dropoutRng: null, updateRunningStats: false);
        RowOps.SoftmaxCrossEntropy(ws.Logits.AsSpan(0, 24), labels, 8, 3, ws.LogitsGrad.AsSpan(0, 24), 1f / 8, out _);
        model.Gradients.AsSpan().Fill(123f);
        model.Backward(ws, x, 8, accumulate: false);
        float[] overwritten = (float[])model.Gradients.Clone();
        Array.Clear(model.Gradients);
        model.Backward(ws, x, 8, accumulate: true);
        Assert.Equal(model.Gradients, overwritten);
    }

    private static void CheckModel(ModelSpec spec, bool dropout, float smoothing = 0f)
    {
        const int batch = 6;
        const double lambda = 0.01;
        var rng = new Random(7);
        var model = new Model(spec, new Rng(11, 1));
        // Non-trivial biases and BN parameters, so their gradients are exercised away from 0 and 1.
        float[] p = model.Parameters;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == 0f || p[i] == 1f)
            {
                p[i] += (float)((rng.NextDouble() - 0.5) * 0.5);
            }
        }

        if (dropout)
        {
            foreach (var block in model.Blocks)
            {
                block.Dropout!.SetMask(Enumerable.Range(0, batch * block.Width).Select(i => i % 4 == 1 ? 0f : 1f / 0.7f).ToArray());
            }
        }

        float[] x = KernelTests.Random(rng, batch * spec.InputSize, 2f);
        int[] labels = Enumerable.Range(0, batch).Select(i => i % spec.Classes).ToArray();
        var ws = new Workspace(model, batch);
        model.Forward(ws, x, batch, training: true, dropoutRng: null, updateRunningStats: false);
        RowOps.SoftmaxCrossEntropy(ws.Logits.AsSpan(0, batch * spec.Classes), labels, batch, spec.Classes, ws.LogitsGrad.AsSpan(0, batch * spec.Classes), 1f / batch, smoothing, out _);
        Array.Clear(model.Gradients);
        model.Backward(ws, x, batch);
        float[] analytic = model.Gradients.Select((g, i) => g + (float)(lambda * p[i])).ToArray();

        double[] pd = Reference.ToDouble(p), xd = Reference.ToDouble(x);
        double[] numeric = Reference.NumericGradient(pd, () => Reference.ModelLoss(model, pd, xd, labels, batch, lambda, smoothing));
        AssertClose(analytic, numeric, $"{spec.Activation} bn={spec.BatchNorm} ε={smoothing}");
    }

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
