using HyperSearch.Core;



namespace HyperSearch.Engine.Tests;

/// <summary>Measured process-wide, so it runs alone: xunit runs it after the parallel collections.</summary>
[CollectionDefinition(nameof(ProcessWideAllocationTests), DisableParallelization = true)]
[Collection(nameof(ProcessWideAllocationTests))]
public sealed class ProcessWideAllocationTests
{
    [Fact]
    public void TrainingStep_OnTwoThreads_AllocatesNothing_AfterWarmUp()
    {
        // Forks go to a pooled team of helper threads: no per-call allocation on any thread.
        // Parallel.For, which this replaced, allocated on every GEMM (6 per step).
        var spec = new ModelSpec(784, [512, 256], 10, Activation.ReLU, WeightInit.He, false);
        var model = new Model(spec, new Rng(1, 1)) { Threads = 2 };
        var ws = new Workspace(model, 128);
        var opt = new Optimizer(new TrainingOptions(), model.ParameterCount);
        var rng = new Rng(2);
        for (int i = 0; i < 128; i++)
        {
            ws.Labels[i] = i % 10;
        }

        for (int i = 0; i < 3; i++)
        {
            Trainer.Step(model, ws, opt, 128, 0.01f, 1e-4f, rng);
        }

        // The least of several windows: other threads of the test host allocate now and then, an
        // allocating fork would allocate in every window.
        long least = long.MaxValue;
        for (int window = 0; window < 8; window++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 10; i++)
            {
                Trainer.Step(model, ws, opt, 128, 0.01f, 1e-4f, rng);
            }

            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        Assert.InRange(least, 0, 1024);
    }
}
