namespace HyperSearch.Api.Contracts;

/// <summary>
/// What the process-wide dataset cache holds: one prepared copy per (dataset, split, preprocessing), shared by all trials,
/// within a byte budget (least recently used copies no running trial holds are evicted past it).
/// </summary>
/// <param name="BytesInUse">Bytes of every ready entry (raw and prepared).</param>
/// <param name="BudgetBytes">The cache's budget (HyperSearch__DatasetCacheBytes; default a quarter of the process's available memory). BytesInUse may pass it only while running trials hold more.</param>
/// <param name="RawEntries">Raw datasets held.</param>
/// <param name="PreparedEntries">Prepared split variants held.</param>
/// <param name="HeldEntries">Prepared copies running trials hold now (never evicted).</param>
/// <param name="Builds">Loads and preparations since the process began.</param>
/// <param name="Evictions">Entries dropped to stay within the budget since the process began.</param>
public sealed record DatasetCacheHealth(long BytesInUse, long BudgetBytes, int RawEntries, int PreparedEntries, int HeldEntries, long Builds, long Evictions)
{
    public static DatasetCacheHealth From(HyperSearch.Data.DatasetCacheStats s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.BytesInUse, s.BudgetBytes, s.RawEntries, s.PreparedEntries, s.Entries.Count(e => e.Holders > 0), s.Builds, s.Evictions);
    }
}
