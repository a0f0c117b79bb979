using BenchmarkDotNet.Attributes;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Benchmarks;

/// <summary>BenchmarkDotNet micro-benchmarks of the three GEMM cases of the reference MLP's first layer (1 thread).</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private float[] _x = [];
    private float[] _w = [];
    private float[] _y = [];
    private float[] _dw = [];
    private float[] _dx = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(0);
        _x = Enumerable.Range(0, 128 * 784).Select(_ => (float)rng.NextDouble()).ToArray();
        _w = Enumerable.Range(0, 784 * 512).Select(_ => (float)rng.NextDouble()).ToArray();
        _y = new float[128 * 512];
        _dw = new float[784 * 512];
        _dx = new float[128 * 784];
    }

    [Benchmark(Description = "X·W 128x784x512")]
    public void Forward() => Gemm.Multiply(_x, 784, false, _w, 512, false, _y, 512, 128, 512, 784, false);

    [Benchmark(Description = "Xᵀ·dY 784x128x512")]
    public void WeightGrad() => Gemm.Multiply(_x, 784, true, _y, 512, false, _dw, 512, 784, 512, 128, false);

    [Benchmark(Description = "dY·Wᵀ 128x512x784")]
    public void InputGrad() => Gemm.Multiply(_y, 512, false, _w, 512, true, _dx, 784, 128, 784, 512, false);
}
