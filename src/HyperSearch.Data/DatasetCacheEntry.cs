namespace HyperSearch.Data;

/// <summary>One cache entry: its key, whether it is a raw dataset or a prepared split, its state and size.</summary>
/// <param name="Key">The dataset name (raw) or name|split|sizes|preprocessing|seed (prepared).</param>
/// <param name="Prepared">False for a raw dataset, true for a prepared split variant.</param>
/// <param name="State">"building", "ready" or "failed" (failed entries are removed on the next request).</param>
/// <param name="Bytes">Bytes held by the entry's arrays; 0 until ready.</param>
public sealed record DatasetCacheEntry(string Key, bool Prepared, string State, long Bytes);
