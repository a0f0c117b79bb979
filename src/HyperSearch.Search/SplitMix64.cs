namespace HyperSearch.Search;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014, "Fast splittable pseudorandom number generators").
/// Ours rather than System.Random, whose algorithm is not promised across .NET versions: a stored
/// seed must replay the same plan forever.
/// </summary>
internal sealed class SplitMix64(long seed)
{
    private ulong state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public static long Mix(long seed, long stream)
    {
        var generator = new SplitMix64(seed ^ unchecked(stream * (long)0xD1B54A32D192ED03UL));
        return unchecked((long)generator.NextUInt64());
    }
}
