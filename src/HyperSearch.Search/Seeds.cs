namespace HyperSearch.Search;

/// <summary>Derives independent, reproducible seeds from a search's one user-given seed.</summary>
public static class Seeds
{
    /// <summary>
    /// The sampler seed for stage <paramref name="stage"/> (1-based). Each stage needs its own
    /// stream: re-using the search seed would replay stage 1's unit draws inside stage 2's ranges.
    /// </summary>
    public static long ForStage(long searchSeed, int stage) => SplitMix64.Mix(searchSeed, stage);
}
