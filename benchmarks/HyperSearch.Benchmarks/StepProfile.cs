using HyperSearch.Core;
using System.Diagnostics;
using System.Globalization;
using HyperSearch.Engine;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Benchmarks;

/// <summary>`profile`: times the phases of the reference MLP's training step on random data, to see where a step goes.</summary>
internal static class StepProfile
{
    public static void Run(int threads)
    {
        const int batch = 128, steps = 300;
        var spec = new ModelSpec(784, [512, 256], 10, Activation.ReLU, WeightInit.He, false);
        var model = new Model(spec, new Rng(1, 1));
        model.Threads = threads;
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

        var forward = new Stopwatch();
        var backward = new Stopwatch();
        var step = new Stopwatch();
        for (int s = -50; s < steps; s++)
        {
            if (s == 0)
            {
                forward.Reset();
                backward.Reset();
                step.Reset();
            }

            forward.Start();
            model.Forward(ws, ws.Input, batch, training: true, dropoutRng: null);
            RowOps.SoftmaxCrossEntropy(ws.Logits, ws.Labels, batch, 10, ws.LogitsGrad, 1f / batch, out _);
            forward.Stop();
            backward.Start();
            Array.Clear(model.Gradients);
            model.Backward(ws, ws.Input, batch);
            backward.Stop();
            step.Start();
            optimizer.Step(model.Parameters, model.Gradients, 0.001f, 1e-4f);
            step.Stop();
        }

        var pieces = new (string Name, Action Run)[]
        {
            ("gemm1", () => Gemm.Multiply(ws.Input, 784, false, model.Blocks[0].Linear.Weight.Span, 512, false, ws.Blocks[0].Z, 512, batch, 512, 784, false, threads)),
            ("bias1", () => RowOps.AddRowVector(ws.Blocks[0].Z, model.Blocks[0].Linear.Bias.Span, batch, 512)),
            ("relu1", () => model.Blocks[0].Activation!.Forward(ws.Blocks[0].Activated, ws.Blocks[0].Z)),
            ("gemm2", () => Gemm.Multiply(ws.Blocks[0].Activated, 512, false, model.Blocks[1].Linear.Weight.Span, 256, false, ws.Blocks[1].Z, 256, batch, 256, 512, false, threads)),
            ("gemm3", () => Gemm.Multiply(ws.Blocks[1].Activated, 256, false, model.Output.Weight.Span, 10, false, ws.Logits, 10, batch, 10, 256, false, threads)),
            ("loss", () => RowOps.SoftmaxCrossEntropy(ws.Logits, ws.Labels, batch, 10, ws.LogitsGrad, 1f / batch, out _)),
            ("dW1", () => Gemm.Multiply(ws.Input, 784, true, ws.Blocks[0].PreGrad, 512, false, model.Gradients, 512, 784, 512, batch, false, threads)),
            ("dX2", () => Gemm.Multiply(ws.Blocks[1].PreGrad, 256, false, model.Blocks[1].Linear.Weight.Span, 256, true, ws.Blocks[0].OutputGrad, 512, batch, 512, 256, false, threads)),
            ("colsum1", () => RowOps.AddColumnSums(ws.Blocks[0].PreGrad, model.Gradients.AsSpan(0, 512), batch, 512)),
            ("relu1back", () => model.Blocks[0].Activation!.Backward(ws.Blocks[0].PreGrad, ws.Blocks[0].OutputGrad, ws.Blocks[0].Activated)),
        };
        foreach (var (name, run) in pieces)
        {
            for (int i = 0; i < 20; i++)
            {
                run();
            }

            var sw = Stopwatch.StartNew();
            for (int i = 0; i < 200; i++)
            {
                run();
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"piece={name} us={sw.Elapsed.TotalMicroseconds / 200:F1}"));
        }

        double total = forward.Elapsed.TotalMilliseconds + backward.Elapsed.TotalMilliseconds + step.Elapsed.TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile threads={threads} forward_ms={forward.Elapsed.TotalMilliseconds / steps:F3} backward_ms={backward.Elapsed.TotalMilliseconds / steps:F3} optimizer_ms={step.Elapsed.TotalMilliseconds / steps:F3} samples_per_s={batch * steps / total * 1000:F0}"));
    }
}
