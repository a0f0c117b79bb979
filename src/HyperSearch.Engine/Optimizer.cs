using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HyperSearch.Engine;

/// <summary>
/// Updates the model's contiguous parameter buffer in one fused pass per step, with coupled L2
/// (g = ∇ + λ·w, PyTorch's weight_decay). The same pass returns Σw² of the pre-update weights, so the
/// λ/2·Σw² term of the reported loss costs no extra sweep over the parameters.
/// PyTorch forms: momentum v = μv + g, w −= lr·v; Nesterov w −= lr·(g + μv);
/// Adam (Kingma &amp; Ba 2015) with bias correction. Written with Vector512 only: on hardware without
/// AVX-512 the runtime lowers it to two Vector256 halves, and this memory-bound pass costs the same.
/// </summary>
internal sealed class Optimizer
{
    private readonly OptimizerKind _kind;
    private readonly float _momentum;
    private readonly float _beta1;
    private readonly float _beta2;
    private readonly float _epsilon;
    private readonly float[] _m;
    private readonly float[] _v;
    private long _step;

    public Optimizer(TrainingOptions options, int parameterCount)
    {
        _kind = options.Optimizer;
        _momentum = (float)options.Momentum;
        _beta1 = (float)options.AdamBeta1;
        _beta2 = (float)options.AdamBeta2;
        _epsilon = (float)options.AdamEpsilon;
        _m = _kind == OptimizerKind.Sgd ? [] : new float[parameterCount];
        _v = _kind == OptimizerKind.Adam ? new float[parameterCount] : [];
    }

    /// <summary>Momentum's velocity, or Adam's first moment m (empty for plain SGD). Checkpoint state.</summary>
    internal float[] FirstMoment => _m;

    /// <summary>Adam's second moment v (empty otherwise). Checkpoint state.</summary>
    internal float[] SecondMoment => _v;

    /// <summary>Updates applied so far: Adam's bias correction reads it. Checkpoint state.</summary>
    internal long Steps
    {
        get => _step;
        set => _step = value;
    }

    /// <summary>Applies one update; returns Σw² before it.</summary>
    public double Step(Span<float> w, ReadOnlySpan<float> grad, float learningRate, float lambda)
    {
        _step++;
        return _kind switch
        {
            OptimizerKind.Sgd => Sgd(w, grad, learningRate, lambda),
            OptimizerKind.SgdMomentum => Momentum(w, grad, learningRate, lambda, nesterov: false),
            OptimizerKind.Nesterov => Momentum(w, grad, learningRate, lambda, nesterov: true),
            _ => Adam(w, grad, learningRate, lambda),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Sgd(Span<float> w, ReadOnlySpan<float> grad, float lr, float lambda)
    {
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(grad);
        var sq = Vector512<float>.Zero;
        int i = 0;
        for (; i <= w.Length - 16; i += 16)
        {
            var wv = Vector512.LoadUnsafe(ref wr, (nuint)i);
            var g = Vector512.LoadUnsafe(ref gr, (nuint)i) + (wv * lambda);
            sq += wv * wv;
            (wv - (g * lr)).StoreUnsafe(ref wr, (nuint)i);
        }

        double sum = Vector512.Sum(sq);
        for (; i < w.Length; i++)
        {
            float wi = w[i];
            sum += wi * wi;
            w[i] = wi - (lr * (grad[i] + (lambda * wi)));
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Momentum(Span<float> w, ReadOnlySpan<float> grad, float lr, float lambda, bool nesterov)
    {
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(grad);
        ref float vr = ref MemoryMarshal.GetArrayDataReference(_m);
        float mu = _momentum;
        var sq = Vector512<float>.Zero;
        int i = 0;
        for (; i <= w.Length - 16; i += 16)
        {
            var wv = Vector512.LoadUnsafe(ref wr, (nuint)i);
            var g = Vector512.LoadUnsafe(ref gr, (nuint)i) + (wv * lambda);
            var v = (Vector512.LoadUnsafe(ref vr, (nuint)i) * mu) + g;
            v.StoreUnsafe(ref vr, (nuint)i);
            sq += wv * wv;
            var step = nesterov ? g + (v * mu) : v;
            (wv - (step * lr)).StoreUnsafe(ref wr, (nuint)i);
        }

        double sum = Vector512.Sum(sq);
        for (; i < w.Length; i++)
        {
            float wi = w[i];
            sum += wi * wi;
            float g = grad[i] + (lambda * wi);
            float v = (_m[i] * mu) + g;
            _m[i] = v;
            w[i] = wi - (lr * (nesterov ? g + (v * mu) : v));
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Adam(Span<float> w, ReadOnlySpan<float> grad, float lr, float lambda)
    {
        float b1 = _beta1, b2 = _beta2, eps = _epsilon;
        float c1 = 1f / (1f - MathF.Pow(b1, _step));
        float c2 = 1f / (1f - MathF.Pow(b2, _step));
        double sum = 0;
        var sq = Vector512<float>.Zero;
        ref float wr = ref MemoryMarshal.GetReference(w);
        ref float gr = ref MemoryMarshal.GetReference(grad);
        ref float mr = ref MemoryMarshal.GetArrayDataReference(_m);
        ref float vr = ref MemoryMarshal.GetArrayDataReference(_v);
        int i = 0;
        for (; i <= w.Length - 16; i += 16)
        {
            var wv = Vector512.LoadUnsafe(ref wr, (nuint)i);
            var g = Vector512.LoadUnsafe(ref gr, (nuint)i) + (wv * lambda);
            var m = (Vector512.LoadUnsafe(ref mr, (nuint)i) * b1) + (g * (1f - b1));
            var v = (Vector512.LoadUnsafe(ref vr, (nuint)i) * b2) + (g * g * (1f - b2));
            m.StoreUnsafe(ref mr, (nuint)i);
            v.StoreUnsafe(ref vr, (nuint)i);
            sq += wv * wv;
            var update = m * c1 / (Vector512.Sqrt(v * c2) + Vector512.Create(eps));
            (wv - (update * lr)).StoreUnsafe(ref wr, (nuint)i);
        }

        sum += Vector512.Sum(sq);
        for (; i < w.Length; i++)
        {
            float wi = w[i];
            sum += wi * wi;
            float g = grad[i] + (lambda * wi);
            float m = (_m[i] * b1) + (g * (1f - b1));
            float v = (_v[i] * b2) + (g * g * (1f - b2));
            _m[i] = m;
            _v[i] = v;
            w[i] = wi - (lr * (m * c1 / (MathF.Sqrt(v * c2) + eps)));
        }

        return sum;
    }
}
