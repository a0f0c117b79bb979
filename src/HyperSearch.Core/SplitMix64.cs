namespace HyperSearch.Core;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014):
/// the seeding function of <see cref="Rng"/> and the mixer that derives independent seeds
/// (<see cref="Seeds"/>). Not a generator to draw from: every stream of random numbers is an <see cref="Rng"/>.
/// </summary>
public static class SplitMix64
{
    /// <summary>Advances <paramref name="state"/> by the golden-ratio increment and returns the mixed output.</summary>
    public static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A well-mixed 64-bit value of several inputs (order matters), e.g. (search seed, stage, index).</summary>
    public static ulong Mix(ulong a, ulong b, ulong c = 0)
    {
        ulong state = a;
        ulong x = Next(ref state);
        state = x ^ b;
        x = Next(ref state);
        state = x ^ c;
        return Next(ref state);
    }
}
