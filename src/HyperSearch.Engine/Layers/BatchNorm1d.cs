using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace HyperSearch.Engine.Layers;

/// <summary>
/// Batch normalisation over the batch axis (Ioffe &amp; Szegedy 2015), PyTorch conventions: biased
/// batch variance to normalise, unbiased variance into the running average, momentum 0.1, ε 1e-5.
/// Training mode normalises with the batch statistics; eval mode with the running averages.
/// </summary>
internal sealed class BatchNorm1d(int features, Memory<float> gamma, Memory<float> beta, Memory<float> gammaGrad, Memory<float> betaGrad)
{
    private readonly float[] _mean = new float[features];
    private readonly float[] _invStd = new float[features];
    private readonly float[] _sumDy = new float[features];
    private readonly float[] _sumDyXhat = new float[features];
    private float[] _xhat = [];

    public int Features { get; } = features;

    public Memory<float> Gamma { get; } = gamma;

    public Memory<float> Beta { get; } = beta;

    public Memory<float> GammaGrad { get; } = gammaGrad;

    public Memory<float> BetaGrad { get; } = betaGrad;

    public float Momentum { get; init; } = 0.1f;

    public float Epsilon { get; init; } = 1e-5f;

    public float[] RunningMean { get; } = new float[features];

    public float[] RunningVar { get; } = Enumerable.Repeat(1f, features).ToArray();

    /// <summary>y (B, F) = γ·x̂ + β. With updateRunning false a training-mode pass leaves the running averages alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(Span<float> y, ReadOnlySpan<float> x, int batch, bool training, bool updateRunning = true)
    {
        int f = Features;
        if (_xhat.Length < batch * f)
        {
            _xhat = new float[batch * f];
        }

        Span<float> mean = _mean;
        Span<float> invStd = _invStd;
        if (training)
        {
            // Two passes (mean, then Σ(x − mean)²) for accuracy; x̂ holds x − mean in between.
            mean.Clear();
            for (int r = 0; r < batch; r++)
            {
                TensorPrimitives.Add(mean, x.Slice(r * f, f), mean);
            }

            TensorPrimitives.Multiply(mean, 1f / batch, mean);
            Span<float> variance = invStd;
            variance.Clear();
            for (int r = 0; r < batch; r++)
            {
                Span<float> d = _xhat.AsSpan(r * f, f);
                TensorPrimitives.Subtract(x.Slice(r * f, f), mean, d);
                TensorPrimitives.MultiplyAdd(d, d, variance, variance);
            }

            TensorPrimitives.Multiply(variance, 1f / batch, variance);
            if (updateRunning)
            {
                float unbias = batch > 1 ? batch / (batch - 1f) : 1f;
                for (int j = 0; j < f; j++)
                {
                    RunningMean[j] = ((1 - Momentum) * RunningMean[j]) + (Momentum * mean[j]);
                    RunningVar[j] = ((1 - Momentum) * RunningVar[j]) + (Momentum * variance[j] * unbias);
                }
            }

            for (int j = 0; j < f; j++)
            {
                invStd[j] = 1f / MathF.Sqrt(variance[j] + Epsilon);
            }

            for (int r = 0; r < batch; r++)
            {
                Span<float> d = _xhat.AsSpan(r * f, f);
                TensorPrimitives.Multiply(d, invStd, d);
                TensorPrimitives.FusedMultiplyAdd(d, Gamma.Span, Beta.Span, y.Slice(r * f, f));
            }
        }
        else
        {
            RunningMean.CopyTo(mean);
            for (int j = 0; j < f; j++)
            {
                invStd[j] = 1f / MathF.Sqrt(RunningVar[j] + Epsilon);
            }

            for (int r = 0; r < batch; r++)
            {
                Span<float> d = _xhat.AsSpan(r * f, f);
                TensorPrimitives.Subtract(x.Slice(r * f, f), mean, d);
                TensorPrimitives.Multiply(d, invStd, d);
                TensorPrimitives.FusedMultiplyAdd(d, Gamma.Span, Beta.Span, y.Slice(r * f, f));
            }
        }
    }

    /// <summary>
    /// Training-mode backward: dγ += Σ dy·x̂, dβ += Σ dy (or = when not accumulating), and
    /// dx = γ·invStd/B · (B·dy − Σdy − x̂·Σ(dy·x̂)) (overwritten).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Backward(Span<float> dx, ReadOnlySpan<float> dy, int batch, bool accumulate = true)
    {
        int f = Features;
        Span<float> sumDy = _sumDy;
        Span<float> sumDyXhat = _sumDyXhat;
        sumDy.Clear();
        sumDyXhat.Clear();
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> g = dy.Slice(r * f, f);
            TensorPrimitives.Add(sumDy, g, sumDy);
            TensorPrimitives.MultiplyAdd(g, _xhat.AsSpan(r * f, f), sumDyXhat, sumDyXhat);
        }

        if (accumulate)
        {
            TensorPrimitives.Add(BetaGrad.Span, sumDy, BetaGrad.Span);
            TensorPrimitives.Add(GammaGrad.Span, sumDyXhat, GammaGrad.Span);
        }
        else
        {
            sumDy.CopyTo(BetaGrad.Span);
            sumDyXhat.CopyTo(GammaGrad.Span);
        }

        // Reuse the sums as -Σdy and -Σ(dy·x̂), and invStd as the per-feature scale γ·invStd/B.
        TensorPrimitives.Negate(sumDy, sumDy);
        TensorPrimitives.Negate(sumDyXhat, sumDyXhat);
        float[] scaleArray = _mean; // the batch mean is not needed after the forward pass
        TensorPrimitives.Multiply(Gamma.Span, _invStd, scaleArray);
        TensorPrimitives.Multiply(scaleArray, 1f / batch, scaleArray);
        for (int r = 0; r < batch; r++)
        {
            Span<float> d = dx.Slice(r * f, f);
            TensorPrimitives.MultiplyAdd(dy.Slice(r * f, f), batch, sumDy, d);
            TensorPrimitives.MultiplyAdd(_xhat.AsSpan(r * f, f), sumDyXhat, d, d);
            TensorPrimitives.Multiply(d, scaleArray, d);
        }
    }
}
