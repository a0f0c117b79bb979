using HyperSearch.Core;
using System.Runtime.CompilerServices;
using System.Numerics.Tensors;

namespace HyperSearch.Engine.Layers;

/// <summary>
/// Inverted dropout: in training each activation is kept with probability 1 − p and scaled by
/// 1/(1 − p), so evaluation is the identity. The mask is drawn from the run's seeded stream.
/// </summary>
internal sealed class Dropout(float probability)
{
    private float[] _mask = [];

    public float Probability { get; } = probability;

    /// <summary>The (B, F) mask of the last training pass: 0 or 1/(1 − p).</summary>
    internal Span<float> Mask(int length) => _mask.AsSpan(0, length);

    /// <summary>Draws a fresh mask for <paramref name="length"/> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SampleMask(int length, Rng rng)
    {
        EnsureMask(length);
        float keep = 1f - Probability;
        float scale = 1f / keep;
        // Two 32-bit uniforms per 64-bit draw, compared as integers: the mask is drawn every step for
        // every hidden unit of every row, so this halves the generator calls and avoids int→double work.
        uint threshold = (uint)Math.Min(uint.MaxValue, Math.Round(keep * 4294967296.0));
        int i = 0;
        for (; i + 1 < length; i += 2)
        {
            ulong r = rng.NextUInt64();
            _mask[i] = (uint)r < threshold ? scale : 0f;
            _mask[i + 1] = (uint)(r >> 32) < threshold ? scale : 0f;
        }

        if (i < length)
        {
            _mask[i] = (uint)rng.NextUInt64() < threshold ? scale : 0f;
        }
    }

    /// <summary>Installs a given mask (tests use this to check gradients with a fixed mask).</summary>
    public void SetMask(ReadOnlySpan<float> mask)
    {
        EnsureMask(mask.Length);
        mask.CopyTo(_mask);
    }

    /// <summary>y = x·mask with the current mask.</summary>
    public void Forward(Span<float> y, ReadOnlySpan<float> x) => TensorPrimitives.Multiply(x, _mask.AsSpan(0, x.Length), y);

    /// <summary>dx = dy·mask.</summary>
    public void Backward(Span<float> dx, ReadOnlySpan<float> dy) => TensorPrimitives.Multiply(dy, _mask.AsSpan(0, dy.Length), dx);

    private void EnsureMask(int length)
    {
        if (_mask.Length < length)
        {
            _mask = new float[length];
        }
    }
}
