using System.Collections.Concurrent;

namespace HyperSearch.Data;

/// <summary>
/// The process-wide dataset cache (register ONE per process, as a singleton). Every raw dataset and
/// every prepared split variant is built once and then shared read-only by all concurrent trials:
/// concurrent callers of the same key await the same task (Lazy + ConcurrentDictionary), so a
/// 190 MB Fashion-MNIST copy is never made twice. A failed or cancelled build is dropped so the
/// next caller retries. Raw image datasets stay as bytes (a quarter of float32) so a new split or
/// preprocessing does not re-read the files; <see cref="Evict"/> frees a dataset explicitly.
/// <para>
/// The cache holds at most <see cref="BudgetBytes"/> (issue 12, bounded work): when a build completes
/// past it, the least recently used entries that no running trial holds (<see cref="AcquirePreparedAsync"/>'s
/// lease) are dropped — prepared copies first, then raw datasets none of whose prepared copies are held —
/// until the rest fits. Held entries are never dropped, so the cache can stay above its budget while
/// trials hold more than it; the next trim after they release brings it back.
/// </para>
/// </summary>
public sealed class DatasetCache
{
    private readonly DatasetCatalog _catalog;
    private readonly ConcurrentDictionary<string, Entry<RawDataset>> _raw = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry<PreparedDataset>> _prepared = new(StringComparer.Ordinal);
    private readonly Lock _trim = new();
    private long _builds;
    private long _evictions;
    private long _clock;

    /// <param name="budgetBytes">Bytes the cache may hold; null or ≤ 0: <see cref="DefaultBudgetBytes"/>.</param>
    public DatasetCache(DatasetCatalog catalog, long? budgetBytes = null)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        BudgetBytes = budgetBytes is > 0 ? budgetBytes.Value : DefaultBudgetBytes;
    }

    /// <summary>A quarter of the memory this process may use (the GC's view: the machine's or the container's limit).</summary>
    public static long DefaultBudgetBytes => Math.Max(1L << 26, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);

    public DatasetCatalog Catalog => _catalog;

    /// <summary>The most bytes the cache keeps of entries no trial holds.</summary>
    public long BudgetBytes { get; }

    /// <summary>The raw dataset, loaded once per process.</summary>
    public Task<RawDataset> GetRawAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var key = name.Trim().ToLowerInvariant();

        // The build must not observe one caller's token: other callers share it. Each caller only
        // stops waiting when its own token fires.
        return GetRawEntryAsync(key, cancellationToken);
    }

    private async Task<RawDataset> GetRawEntryAsync(string key, CancellationToken cancellationToken) =>
        (await GetOrBuildAsync(_raw, key, () => Task.Run(() => _catalog.LoadAsync(key, CancellationToken.None)), cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>
    /// The prepared splits for a request, built once per process per (name, split, sizes,
    /// preprocessing, seed when shuffled). Sizes are validated first (an
    /// <see cref="InvalidDatasetRequestException"/> is not cached).
    /// </summary>
    public async Task<PreparedDataset> GetPreparedAsync(DatasetRequest request, CancellationToken cancellationToken = default)
    {
        using var lease = await AcquirePreparedAsync(request, cancellationToken).ConfigureAwait(false);
        return lease.Dataset;
    }

    /// <summary>
    /// Like <see cref="GetPreparedAsync"/>, holding the entry until the lease is disposed: a trial trains
    /// under a lease so the byte budget never evicts the copy it is reading (it would stay alive through
    /// the trial's reference anyway, and a second trial would build it again).
    /// </summary>
    public async Task<DatasetLease> AcquirePreparedAsync(DatasetRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name.Trim().ToLowerInvariant();
        var raw = await GetRawAsync(request.Name, cancellationToken).ConfigureAwait(false);
        var plan = DatasetPreparer.Plan(name, raw, request);
        var (entry, dataset) = await GetOrBuildAsync(_prepared, plan.Key, () => Task.Run(() => DatasetPreparer.Prepare(raw, plan)), cancellationToken, hold: true)
            .ConfigureAwait(false);
        return new DatasetLease(dataset, () => Release(entry));
    }

    public DatasetCacheStats GetStats()
    {
        var entries = new List<DatasetCacheEntry>();
        foreach (var (key, entry) in _raw)
        {
            entries.Add(Describe(key, prepared: false, entry, d => d.SizeInBytes));
        }

        foreach (var (key, entry) in _prepared)
        {
            entries.Add(Describe(key, prepared: true, entry, d => d.SizeInBytes));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new DatasetCacheStats(
            entries.Sum(e => e.Bytes),
            entries.Count(e => !e.Prepared),
            entries.Count(e => e.Prepared),
            Interlocked.Read(ref _builds),
            entries)
        {
            BudgetBytes = BudgetBytes,
            Evictions = Interlocked.Read(ref _evictions),
        };
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

    private async Task<(Entry<T> Entry, T Value)> GetOrBuildAsync<T>(
        ConcurrentDictionary<string, Entry<T>> entries,
        string key,
        Func<Task<T>> build,
        CancellationToken cancellationToken,
        bool hold = false)
        where T : class
    {
        var entry = entries.GetOrAdd(key, _ => new Entry<T>(new Lazy<Task<T>>(
            () =>
            {
                Interlocked.Increment(ref _builds);
                return build();
            },
            LazyThreadSafetyMode.ExecutionAndPublication)));
        if (hold)
        {
            Interlocked.Increment(ref entry.Holders); // before awaiting: a trim while it builds keeps it
        }

        var task = entry.Lazy.Value;
        try
        {
            var value = await task.WaitAsync(cancellationToken).ConfigureAwait(false);
            entry.LastUse = Interlocked.Increment(ref _clock);
            Trim();
            return (entry, value);
        }
        catch when (task.IsFaulted || task.IsCanceled)
        {
            if (hold)
            {
                Interlocked.Decrement(ref entry.Holders);
            }

            // Remove exactly this entry (not one a later caller may already have re-created).
            entries.TryRemove(new KeyValuePair<string, Entry<T>>(key, entry));
            throw;
        }
        catch
        {
            if (hold)
            {
                Interlocked.Decrement(ref entry.Holders);
            }

            throw;
        }
    }

    private void Release(Entry<PreparedDataset> entry)
    {
        Interlocked.Decrement(ref entry.Holders);
        Trim();
    }

    /// <summary>
    /// Drops least recently used entries nobody holds until the ready ones fit the budget: prepared copies
    /// first (cheap to rebuild from the raw bytes), then raw datasets none of whose prepared copies is held.
    /// </summary>
    private void Trim()
    {
        lock (_trim)
        {
            long used = ReadyBytes(_raw) + ReadyBytes(_prepared);
            if (used <= BudgetBytes)
            {
                return;
            }

            foreach (var (key, entry) in _prepared.Where(e => e.Value.IsReady).OrderBy(e => e.Value.LastUse).ToList())
            {
                if (used <= BudgetBytes)
                {
                    return;
                }

                if (Volatile.Read(ref entry.Holders) == 0 && _prepared.TryRemove(new KeyValuePair<string, Entry<PreparedDataset>>(key, entry)))
                {
                    used -= entry.Lazy.Value.Result.SizeInBytes;
                    Interlocked.Increment(ref _evictions);
                }
            }

            foreach (var (key, entry) in _raw.Where(e => e.Value.IsReady).OrderBy(e => e.Value.LastUse).ToList())
            {
                if (used <= BudgetBytes)
                {
                    return;
                }

                var held = _prepared.Any(p => p.Key.StartsWith(key + "|", StringComparison.Ordinal) && (Volatile.Read(ref p.Value.Holders) > 0 || !p.Value.IsReady));
                if (!held && _raw.TryRemove(new KeyValuePair<string, Entry<RawDataset>>(key, entry)))
                {
                    used -= entry.Lazy.Value.Result.SizeInBytes;
                    Interlocked.Increment(ref _evictions);
                }
            }
        }
    }

    private static long ReadyBytes<T>(ConcurrentDictionary<string, Entry<T>> entries)
        where T : class => entries.Values.Where(e => e.IsReady).Sum(e => e.Lazy.Value.Result switch
        {
            RawDataset r => r.SizeInBytes,
            PreparedDataset p => p.SizeInBytes,
            _ => 0L,
        });

    private static DatasetCacheEntry Describe<T>(string key, bool prepared, Entry<T> entry, Func<T, long> size)
        where T : class
    {
        var lazy = entry.Lazy;
        if (!lazy.IsValueCreated)
        {
            return new DatasetCacheEntry(key, prepared, "building", 0) { Holders = Volatile.Read(ref entry.Holders), LastUse = entry.LastUse };
        }

        var task = lazy.Value;
        return task.Status switch
        {
            TaskStatus.RanToCompletion => new DatasetCacheEntry(key, prepared, "ready", size(task.Result)),
            TaskStatus.Faulted or TaskStatus.Canceled => new DatasetCacheEntry(key, prepared, "failed", 0),
            _ => new DatasetCacheEntry(key, prepared, "building", 0),
        } with { Holders = Volatile.Read(ref entry.Holders), LastUse = entry.LastUse };
    }

    /// <summary>One cached build, with the trials holding it and when it was last handed out (a logical clock).</summary>
    private sealed class Entry<T>(Lazy<Task<T>> lazy)
    {
        public readonly Lazy<Task<T>> Lazy = lazy;
        public int Holders;
        public long LastUse;

        public bool IsReady => Lazy.IsValueCreated && Lazy.Value.Status == TaskStatus.RanToCompletion;
    }
}
