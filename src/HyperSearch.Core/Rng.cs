namespace HyperSearch.Core;

/// <summary>
/// The one seeded generator of the product: xoshiro256** (Blackman &amp; Vigna, "Scrambled linear
/// pseudorandom number generators", 2018), seeded through <see cref="SplitMix64"/>. Owned here rather
/// than System.Random, whose algorithm is not promised across .NET versions: a stored seed must replay
/// the same plan, split and training forever. Each user picks its own <c>stream</c> (the engine's init,
/// shuffle and dropout, a sampler, a split), so streams never overlap by accident.
/// </summary>
public sealed class Rng
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    public Rng(long seed, ulong stream = 0)
    {
        ulong x = (ulong)seed ^ (stream * 0x9E3779B97F4A7C15UL);
        _s0 = SplitMix64.Next(ref x);
        _s1 = SplitMix64.Next(ref x);
        _s2 = SplitMix64.Next(ref x);
        _s3 = SplitMix64.Next(ref x);
    }

    private Rng(RngState state) => State = state;

    /// <summary>The whole state (for checkpoints): a generator restored from it continues the same sequence.</summary>
    public RngState State
    {
        get => new(_s0, _s1, _s2, _s3, _spare, _hasSpare);
        set => (_s0, _s1, _s2, _s3, _spare, _hasSpare) = (value.S0, value.S1, value.S2, value.S3, value.Spare, value.HasSpare);
    }

    /// <summary>A generator that continues from a saved <see cref="State"/>.</summary>
    public static Rng FromState(RngState state) => new(state);

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n), unbiased (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        ulong range = (ulong)n;
        while (true)
        {
            ulong x = NextUInt64() >> 32;
            ulong m = x * range;
            if ((uint)m >= (uint)(0x1_0000_0000UL % range) || range == 1)
            {
                return (int)(m >> 32);
            }
        }
    }

    /// <summary>Standard normal by Box–Muller (both values used).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= double.Epsilon);

        double u2 = NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = radius * Math.Sin(2 * Math.PI * u2);
        _hasSpare = true;
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
