namespace HyperSearch.Service.Execution;

/// <summary>
/// Deterministic seeds: a trial's weights and batch order depend only on the search seed, its stage and
/// its index, so a rerun after a crash (or the final test evaluation) trains the same network.
/// </summary>
public static class TrialSeeds
{
    public static int ForTrial(int searchSeed, int stage, int index) => (int)(Mix((ulong)searchSeed, (ulong)stage, (ulong)index) & 0x7FFF_FFFF);

    public static int ForStage(int searchSeed, int stage) => (int)(Mix((ulong)searchSeed, (ulong)stage, ulong.MaxValue) & 0x7FFF_FFFF);

    private static ulong Mix(ulong a, ulong b, ulong c)
    {
        var x = a * 0x9E3779B97F4A7C15UL ^ (b + 0x632BE59BD9B4E019UL) * 0xBF58476D1CE4E5B9UL ^ (c + 0x85EBCA77C2B2AE63UL) * 0x94D049BB133111EBUL;
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
