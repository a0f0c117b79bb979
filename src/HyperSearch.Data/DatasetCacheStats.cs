namespace HyperSearch.Data;

/// <summary>What the process-wide dataset cache holds (for the dashboard and /api/datasets).</summary>
/// <param name="BytesInUse">Bytes of all completed entries' arrays (raw + prepared).</param>
/// <param name="RawEntries">Raw datasets held.</param>
/// <param name="PreparedEntries">Prepared split variants held.</param>
/// <param name="Builds">Loads and preparations started since the process began (a rising count with flat entries means failures or evictions).</param>
/// <param name="Entries">One row per entry.</param>
public sealed record DatasetCacheStats(
    long BytesInUse,
    int RawEntries,
    int PreparedEntries,
    long Builds,
    IReadOnlyList<DatasetCacheEntry> Entries)
{
    /// <summary>The cache's byte budget (see <see cref="DatasetCache.BudgetBytes"/>).</summary>
    public long BudgetBytes { get; init; }

    /// <summary>Entries dropped to stay within the budget since the process began.</summary>
    public long Evictions { get; init; }
}
