namespace HyperSearch.Data;

/// <summary>One cache entry: its key, whether it is a raw dataset or a prepared split, its state and size.</summary>
/// <param name="Key">The dataset name (raw) or name|split|sizes|preprocessing|seed (prepared).</param>
/// <param name="Prepared">False for a raw dataset, true for a prepared split variant.</param>
/// <param name="State">"building", "ready" or "failed" (failed entries are removed on the next request).</param>
/// <param name="Bytes">Bytes held by the entry's arrays; 0 until ready.</param>
public sealed record DatasetCacheEntry(string Key, bool Prepared, string State, long Bytes)
{
    /// <summary>Trials holding the entry (a prepared copy under a <see cref="DatasetLease"/>); held entries are never evicted.</summary>
    public int Holders { get; init; }

    /// <summary>When it was last handed out, on the cache's logical clock (larger = more recent; eviction drops the smallest first).</summary>
    public long LastUse { get; init; }
}
