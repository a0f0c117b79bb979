using System.Collections.Concurrent;

namespace HyperSearch.Data;

/// <summary>
/// The process-wide dataset cache (register ONE per process, as a singleton). Every raw dataset and
/// every prepared split variant is built once and then shared read-only by all concurrent trials:
/// concurrent callers of the same key await the same task (Lazy + ConcurrentDictionary), so a
/// 190 MB Fashion-MNIST copy is never made twice. A failed or cancelled build is dropped so the
/// next caller retries. Raw image datasets stay as bytes (a quarter of float32) so a new split or
/// preprocessing does not re-read the files; <see cref="Evict"/> frees a dataset explicitly.
/// </summary>
public sealed class DatasetCache(DatasetCatalog catalog)
{
    private readonly DatasetCatalog _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
    private readonly ConcurrentDictionary<string, Lazy<Task<RawDataset>>> _raw = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<PreparedDataset>>> _prepared = new(StringComparer.Ordinal);
    private long _builds;

    public DatasetCatalog Catalog => _catalog;

    /// <summary>The raw dataset, loaded once per process.</summary>
    public Task<RawDataset> GetRawAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = name.Trim().ToLowerInvariant();

        // The build must not observe one caller's token: other callers share it. Each caller only
        // stops waiting when its own token fires.
        return GetOrBuildAsync(_raw, key, () => Task.Run(() => _catalog.LoadAsync(key, CancellationToken.None)), cancellationToken);
    }

    /// <summary>
    /// The prepared splits for a request, built once per process per (name, split, sizes,
    /// preprocessing, seed when shuffled). Sizes are validated first (an
    /// <see cref="InvalidDatasetRequestException"/> is not cached).
    /// </summary>
    public async Task<PreparedDataset> GetPreparedAsync(DatasetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var raw = await GetRawAsync(request.Name, cancellationToken).ConfigureAwait(false);
        var plan = DatasetPreparer.Plan(request.Name.Trim().ToLowerInvariant(), raw, request);
        return await GetOrBuildAsync(_prepared, plan.Key, () => Task.Run(() => DatasetPreparer.Prepare(raw, plan)), cancellationToken)
            .ConfigureAwait(false);
    }

    public DatasetCacheStats GetStats()
    {
        var entries = new List<DatasetCacheEntry>();
        foreach (var (key, lazy) in _raw)
        {
            entries.Add(Describe(key, prepared: false, lazy, d => d.SizeInBytes));
        }

        foreach (var (key, lazy) in _prepared)
        {
            entries.Add(Describe(key, prepared: true, lazy, d => d.SizeInBytes));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new DatasetCacheStats(
            entries.Sum(e => e.Bytes),
            entries.Count(e => !e.Prepared),
            entries.Count(e => e.Prepared),
            Interlocked.Read(ref _builds),
            entries);
    }

    /// <summary>
    /// Drops a dataset and all its prepared variants (e.g. after an upload is deleted). Trials still
    /// holding them keep them alive until they finish; the memory is freed after that.
    /// </summary>
    public int Evict(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = name.Trim().ToLowerInvariant();
        var removed = _raw.TryRemove(key, out _) ? 1 : 0;
        foreach (var preparedKey in _prepared.Keys.Where(k => k.StartsWith(key + "|", StringComparison.Ordinal)))
        {
            removed += _prepared.TryRemove(preparedKey, out _) ? 1 : 0;
        }

        return removed;
    }

    public void Clear()
    {
        _raw.Clear();
        _prepared.Clear();
    }

    private async Task<T> GetOrBuildAsync<T>(
        ConcurrentDictionary<string, Lazy<Task<T>>> entries,
        string key,
        Func<Task<T>> build,
        CancellationToken cancellationToken)
    {
        var lazy = entries.GetOrAdd(key, _ => new Lazy<Task<T>>(
            () =>
            {
                Interlocked.Increment(ref _builds);
                return build();
            },
            LazyThreadSafetyMode.ExecutionAndPublication));
        var task = lazy.Value;
        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch when (task.IsFaulted || task.IsCanceled)
        {
            // Remove exactly this entry (not one a later caller may already have re-created).
            entries.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(key, lazy));
            throw;
        }
    }

    private static DatasetCacheEntry Describe<T>(string key, bool prepared, Lazy<Task<T>> lazy, Func<T, long> size)
    {
        if (!lazy.IsValueCreated)
        {
            return new DatasetCacheEntry(key, prepared, "building", 0);
        }

        var task = lazy.Value;
        return task.Status switch
        {
            TaskStatus.RanToCompletion => new DatasetCacheEntry(key, prepared, "ready", size(task.Result)),
            TaskStatus.Faulted or TaskStatus.Canceled => new DatasetCacheEntry(key, prepared, "failed", 0),
            _ => new DatasetCacheEntry(key, prepared, "building", 0),
        };
    }
}
