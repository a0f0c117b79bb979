using System.Diagnostics;
using System.Globalization;
using HyperSearch.Core;
using HyperSearch.Engine;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Benchmarks;

/// <summary>`profile --model cnn`: times the pieces of the reference CNN's training step on random data (µs per batch of 128).</summary>
internal static class CnnProfile
{
    // The second layer's Winograd F(2×2, 5×5) pieces for one chunk of 3 samples (7 × 7 = 49 tiles each:
    // 147 tiles), 32 → 64 channels; the layer runs 43 chunks per batch of 128.
    private static readonly float[] WgTiles = new float[36 * 147 * 64];
    private static readonly float[] WgProducts = new float[36 * 147 * 64];
    private static readonly float[] WgFilters = new float[36 * 32 * 64];

    // The input transform of x (32 channels) or, for the input gradient, of dY (64 channels).
    private static unsafe void WinogradInput(float[] source, int channels)
    {
        fixed (float* x = source, v = WgTiles)
        {
            Winograd.F2x5.InputTiles(x, 3, 14, 14, channels, -2, 7, 7, v, 147);
        }
    }

    private static void WinogradGemm()
    {
        for (int xi = 0; xi < 36; xi++)
        {
            Gemm.Multiply(WgTiles.AsSpan(xi * 147 * 32, 147 * 32), 32, false, WgFilters.AsSpan(xi * 32 * 64, 32 * 64), 64, false, WgProducts.AsSpan(xi * 147 * 64, 147 * 64), 64, 147, 64, 32, false, 1);
        }
    }

    private static unsafe void WinogradOutput(Workspace.ConvBuffers b2)
    {
        fixed (float* m = WgProducts, y = b2.Activated)
        {
            Winograd.F2x5.OutputTiles(m, 147, 64, 3, 7, 7, y, 14, 14);
        }
    }

    private static unsafe void WinogradGradient(Workspace.ConvBuffers b2)
    {
        fixed (float* dy = b2.ActivatedGrad, m = WgProducts)
        {
            Winograd.F2x5.GradientTiles(dy, 3, 14, 14, 64, 7, 7, m, 147);
        }
    }

    private static void WinogradGemmDw()
    {
        for (int xi = 0; xi < 36; xi++)
        {
            Gemm.Multiply(WgTiles.AsSpan(xi * 147 * 32, 147 * 32), 32, true, WgProducts.AsSpan(xi * 147 * 64, 147 * 64), 64, false, WgFilters.AsSpan(xi * 32 * 64, 32 * 64), 64, 32, 64, 147, true, 1);
        }
    }

    private static void WinogradGemmDx()
    {
        for (int xi = 0; xi < 36; xi++)
        {
            Gemm.Multiply(WgTiles.AsSpan(xi * 147 * 64, 147 * 64), 64, false, WgFilters.AsSpan(xi * 32 * 64, 32 * 64), 64, true, WgProducts.AsSpan(xi * 147 * 32, 147 * 32), 32, 147, 32, 64, false, 1);
        }
    }

    public static void Run(int threads)
    {
        const int batch = 128;
        var spec = new ModelSpec(784, [256], 10, Activation.ReLU, WeightInit.He, false)
        {
            InputShape = new ImageShape(1, 28, 28),
            ConvBlocks = [new ConvBlockSpec(32, 5, MaxPool: true), new ConvBlockSpec(64, 5, MaxPool: true)],
        };
        var model = new Model(spec, new Rng(1, 1)) { Threads = threads };
        var ws = new Workspace(model, batch);
        var optimizer = new Optimizer(new TrainingOptions(), model.ParameterCount);
        var rng = new Random(1);
        for (int i = 0; i < ws.Input.Length; i++)
        {
            ws.Input[i] = (float)rng.NextDouble();
        }

        for (int i = 0; i < batch; i++)
        {
            ws.Labels[i] = i % 10;
        }

        var c1 = model.ConvBlocks[0];
        var c2 = model.ConvBlocks[1];
        var b1 = ws.Conv[0];
        var b2 = ws.Conv[1];
        int rows1 = batch * 784;
        float[] col1 = new float[rows1 * 25];
        float[] dwt1 = new float[32 * 25];
        var pieces = new (string Name, Action Run)[]
        {
            ("step", () => Trainer.Step(model, ws, optimizer, batch, 0.01f, 1e-4f, null)),
            ("forward", () => model.Forward(ws, ws.Input, batch, training: true, dropoutRng: null)),
            ("backward", () => model.Backward(ws, ws.Input, batch, accumulate: false)),
            ("conv1.forward", () => c1.Conv.Forward(b1.Activated, ws.Input, batch)),
            ("conv1.im2col", () =>
            {
                for (int s = 0; s < batch; s += c1.Conv.SamplesPerChunk)
                {
                    c1.Conv.Im2Col(ws.Input, s, Math.Min(c1.Conv.SamplesPerChunk, batch - s));
                }
            }),
            ("conv1.gemm.fwd", () => Gemm.Multiply(col1, 25, false, c1.Conv.Weight.Span, 32, false, b1.Activated, 32, rows1, 32, 25, false, threads)),
            ("conv1.bias", () => RowOps.AddRowVector(b1.Activated, c1.Conv.Bias.Span, rows1, 32)),
            ("conv1.gemm.dWt", () => Gemm.Multiply(b1.ActivatedGrad, 32, true, col1, 25, false, dwt1, 25, 32, 25, rows1, false, threads)),
            ("conv1.colsums", () => RowOps.AddColumnSums(b1.ActivatedGrad, c1.Conv.BiasGrad.Span, rows1, 32)),
            ("relu1", () => c1.Activation.Forward(b1.Activated, b1.Activated)),
            ("pool1", () => c1.Pool!.Forward(b1.Pooled, b1.Activated, batch)),
            ("conv2.forward", () => c2.Conv.Forward(b2.Activated, b1.Pooled, batch)),
            ("wg.input(chunk)", () => WinogradInput(b1.Pooled, 32)),
            ("wg.gemm.fwd(chunk)", () => WinogradGemm()),
            ("wg.output(chunk)", () => WinogradOutput(b2)),
            ("wg.gradient(chunk)", () => WinogradGradient(b2)),
            ("wg.gemm.dW(chunk)", () => WinogradGemmDw()),
            ("wg.input.dy(chunk)", () => WinogradInput(b2.ActivatedGrad, 64)),
            ("wg.gemm.dx(chunk)", () => WinogradGemmDx()),
            ("conv2.backward", () => c2.Conv.Backward(b1.OutputGrad, b2.ActivatedGrad, b1.Pooled, batch, accumulate: false)),
            ("pool1.backward", () => c1.Pool!.Backward(b1.ActivatedGrad, b1.OutputGrad, batch)),
            ("relu1.backward", () => c1.Activation.Backward(b1.ActivatedGrad, b1.ActivatedGrad, b1.Activated)),
            ("conv1.backward", () => c1.Conv.Backward(default, b1.ActivatedGrad, ws.Input, batch, accumulate: false)),
            ("optimizer", () => optimizer.Step(model.Parameters, model.Gradients, 0.001f, 1e-4f)),
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chunks conv1={c1.Conv.SamplesPerChunk} conv2={c2.Conv.SamplesPerChunk} conv2.winograd={c2.Conv.UsesWinograd}"));
        foreach (var (name, run) in pieces)
        {
            for (int i = 0; i < 3; i++)
            {
                run();
            }

            // The best of 5 groups of 5: the shared machine's noise only ever adds time.
            double best = double.MaxValue;
            for (int g = 0; g < 5; g++)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < 5; i++)
                {
                    run();
                }

                best = Math.Min(best, sw.Elapsed.TotalMicroseconds / 5);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"piece={name} us={best:F0}"));
        }
    }
}
