namespace HyperSearch.Data;

/// <summary>A prepared dataset held in the cache (not evicted by its byte budget) until disposed; see <see cref="DatasetCache.AcquirePreparedAsync"/>.</summary>
public sealed class DatasetLease : IDisposable
{
    private Action? _release;

    internal DatasetLease(PreparedDataset dataset, Action release)
    {
        Dataset = dataset;
        _release = release;
    }

    public PreparedDataset Dataset { get; }

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
