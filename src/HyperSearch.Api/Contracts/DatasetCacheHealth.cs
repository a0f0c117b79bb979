namespace HyperSearch.Api.Contracts;

/// <summary>What the process-wide dataset cache holds: one prepared copy per (dataset, split, preprocessing), shared by all trials.</summary>
public sealed record DatasetCacheHealth(long BytesInUse, int RawEntries, int PreparedEntries, long Builds)
{
    public static DatasetCacheHealth From(HyperSearch.Data.DatasetCacheStats s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.BytesInUse, s.RawEntries, s.PreparedEntries, s.Builds);
    }
}
