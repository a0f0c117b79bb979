namespace HyperSearch.Core;

/// <summary>
/// Derives every seed of a search from its one user-given seed, so a plan, a trial's weights and its
/// batch order depend only on (search seed, stage, index): a rerun after a crash, a resumed trial and
/// the final test evaluation all train the same network.
/// </summary>
public static class Seeds
{
    /// <summary>
    /// The sampler seed of stage <paramref name="stage"/> (1-based). Each stage needs its own stream:
    /// re-using the search seed would replay stage 1's unit draws inside stage 2's ranges.
    /// </summary>
    public static int ForStage(int searchSeed, int stage) =>
        Positive(SplitMix64.Mix(unchecked((ulong)searchSeed), (ulong)(uint)stage, ulong.MaxValue));

    /// <summary>The training seed of trial <paramref name="index"/> of stage <paramref name="stage"/>.</summary>
    public static int ForTrial(int searchSeed, int stage, int index) =>
        Positive(SplitMix64.Mix(unchecked((ulong)searchSeed), (ulong)(uint)stage, (ulong)(uint)index));

    // Seeds are stored as (non-negative) int columns.
    private static int Positive(ulong x) => (int)(x & 0x7FFF_FFFF);
}
