namespace HyperSearch.Data.Tests;

/// <summary>
/// Issue 12, bounded work: the dataset cache's byte budget. Past it, the least recently used entries no
/// trial holds are evicted (prepared copies first, then raw datasets with no held copy); held entries stay.
/// </summary>
public sealed class DatasetCacheBudgetTests
{
    private static DatasetCatalog Catalog() =>
        new(new DatasetOptions { DataDirectory = null, SystemDatasetsDirectory = "/nonexistent" }, new BlobsResolver());

    // Shuffled splits with different seeds: distinct prepared copies of one raw dataset, all the same size.
    private static DatasetRequest Copy(int seed) => new("upload", 160, 40, Split: "shuffled", Seed: seed);

    private static async Task<(long Raw, long Prepared)> SizesAsync()
    {
        var cache = new DatasetCache(Catalog(), long.MaxValue);
        var prepared = await cache.GetPreparedAsync(Copy(1));
        return ((await cache.GetRawAsync("upload")).SizeInBytes, prepared.SizeInBytes);
    }

    [Fact]
    public async Task PastTheBudget_TheLeastRecentlyUsedCopyIsEvicted()
    {
        var (raw, prepared) = await SizesAsync();
        var cache = new DatasetCache(Catalog(), raw + (2 * prepared));
        await cache.GetPreparedAsync(Copy(1));
        await cache.GetPreparedAsync(Copy(2));
        await cache.GetPreparedAsync(Copy(1)); // copy 1 is now more recent than copy 2

        await cache.GetPreparedAsync(Copy(3));

        var stats = cache.GetStats();
        Assert.Equal(1, stats.Evictions);
        Assert.Equal(2, stats.PreparedEntries);
        Assert.Equal(raw + (2 * prepared), stats.BytesInUse);
        Assert.True(stats.BytesInUse <= stats.BudgetBytes);
        // Copy 2 was evicted: asking for it builds it again; copies 1 and 3 were kept (no build).
        var builds = stats.Builds;
        await cache.GetPreparedAsync(Copy(3));
        await cache.GetPreparedAsync(Copy(1));
        Assert.Equal(builds, cache.GetStats().Builds);
        await cache.GetPreparedAsync(Copy(2));
        Assert.Equal(builds + 1, cache.GetStats().Builds);
    }

    [Fact]
    public async Task HeldCopies_AreNeverEvicted_AndTheBudgetIsRestoredWhenTheyAreReleased()
    {
        var (raw, prepared) = await SizesAsync();
        var cache = new DatasetCache(Catalog(), raw + prepared);

        var first = await cache.AcquirePreparedAsync(Copy(1));
        var second = await cache.AcquirePreparedAsync(Copy(2));

        // Both held: over the budget, nothing evicted.
        var held = cache.GetStats();
        Assert.Equal((2, 0L), (held.PreparedEntries, held.Evictions));
        Assert.Equal(raw + (2 * prepared), held.BytesInUse);
        Assert.All(held.Entries.Where(e => e.Prepared), e => Assert.Equal(1, e.Holders));

        first.Dispose();
        first.Dispose(); // a second dispose releases nothing more

        var after = cache.GetStats();
        Assert.Equal((1, 1L), (after.PreparedEntries, after.Evictions));
        Assert.Equal(raw + prepared, after.BytesInUse);
        Assert.Equal(1, after.Entries.Single(e => e.Prepared).Holders);
        Assert.Same(second.Dataset, await cache.GetPreparedAsync(Copy(2)));
        second.Dispose();
        Assert.Equal(0, cache.GetStats().Entries.Single(e => e.Prepared).Holders);
    }

    [Fact]
    public async Task ACopyHeldWhileItBuilds_IsNotEvictedByAnotherCompletingBuild()
    {
        var (raw, prepared) = await SizesAsync();
        var cache = new DatasetCache(Catalog(), raw + prepared);

        var leases = await Task.WhenAll(Enumerable.Range(1, 6).Select(seed => cache.AcquirePreparedAsync(Copy(seed))));

        Assert.Equal(6, cache.GetStats().PreparedEntries);
        Assert.Equal(0L, cache.GetStats().Evictions);
        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        Assert.True(cache.GetStats().BytesInUse <= raw + prepared);
    }

    [Fact]
    public async Task ABudgetBelowOneCopy_EvictsTheRawDatasetToo_AndTheCallerStillGetsItsData()
    {
        var cache = new DatasetCache(Catalog(), 1);

        var data = await cache.GetPreparedAsync(Copy(1));

        Assert.Equal(160, data.Train.Count);
        var stats = cache.GetStats();
        Assert.Equal((0L, 0, 0, 2L), (stats.BytesInUse, stats.RawEntries, stats.PreparedEntries, stats.Evictions));
    }

    [Fact]
    public async Task UnderTheBudget_NothingIsEvicted_AndTheDefaultBudgetIsAQuarterOfAvailableMemory()
    {
        var cache = new DatasetCache(Catalog());
        for (var seed = 1; seed <= 5; seed++)
        {
            await cache.GetPreparedAsync(Copy(seed));
        }

        Assert.Equal((5, 0L), (cache.GetStats().PreparedEntries, cache.GetStats().Evictions));
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4, cache.BudgetBytes);
        Assert.Equal(cache.BudgetBytes, cache.GetStats().BudgetBytes);
    }

    private sealed class BlobsResolver : IUploadedDatasetResolver
    {
        public Task<RawDataset?> ResolveAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(name == "upload" ? SyntheticDatasets.Blobs(new BlobsOptions { Classes = 3, PointsPerClass = 100, Dimensions = 3 }) : null);
    }
}
