using HyperSearch.Core;

namespace HyperSearch.Data.Tests;

public sealed class DatasetCacheTests
{
    private static DatasetCatalog Catalog(IUploadedDatasetResolver resolver) =>
        new(new DatasetOptions { DataDirectory = null, SystemDatasetsDirectory = "/nonexistent" }, resolver);

    [Fact]
    public async Task ConcurrentCallers_GetTheSameRawInstance_BuiltOnce()
    {
        var resolver = new GatedResolver();
        var cache = new DatasetCache(Catalog(resolver));

        var callers = Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.GetRawAsync("upload"))).ToArray();
        await resolver.Started.Task;
        resolver.Release.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, resolver.Calls);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public async Task ConcurrentCallers_GetTheSamePreparedInstance_BuiltOnce()
    {
        var resolver = new GatedResolver();
        var cache = new DatasetCache(Catalog(resolver));
        resolver.Release.SetResult();
        var request = new DatasetRequest("upload", 100, 50, Preprocessings.Standardize, Seed: 5);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.GetPreparedAsync(request))));

        Assert.All(results, r => Assert.Same(results[0], r));
        Assert.Equal(1, resolver.Calls);
        var stats = cache.GetStats();
        Assert.Equal((1, 1, 2L), (stats.RawEntries, stats.PreparedEntries, stats.Builds));
        Assert.Equal(results[0].SizeInBytes + (await cache.GetRawAsync("upload")).SizeInBytes, stats.BytesInUse);
    }

    [Fact]
    public async Task EquivalentRequests_ShareOneEntry_DifferentOnesDoNot()
    {
        var resolver = new GatedResolver();
        resolver.Release.SetResult();
        var cache = new DatasetCache(Catalog(resolver));

        // Defaults resolve to explicit sizes; the ordered split ignores the seed.
        var a = await cache.GetPreparedAsync(new DatasetRequest("upload", Split: "ordered", Seed: 1));
        var b = await cache.GetPreparedAsync(new DatasetRequest("UPLOAD", a.Train.Count, a.Validation.Count, Split: "ordered", Seed: 2));
        var c = await cache.GetPreparedAsync(new DatasetRequest("upload", Split: "shuffled", Seed: 1));
        var d = await cache.GetPreparedAsync(new DatasetRequest("upload", Preprocessing: "standardize", Split: "ordered"));

        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.NotSame(a, d);
        Assert.Equal(3, cache.GetStats().PreparedEntries);
    }

    [Fact]
    public async Task FailedBuilds_AreNotCached()
    {
        var resolver = new GatedResolver { FailFirst = true };
        resolver.Release.SetResult();
        var cache = new DatasetCache(Catalog(resolver));

        await Assert.ThrowsAsync<IOException>(() => cache.GetRawAsync("upload"));
        var second = await cache.GetRawAsync("upload");

        Assert.NotNull(second);
        Assert.Equal(2, resolver.Calls);
    }

    [Fact]
    public async Task InvalidSizes_FailWithoutCachingAPreparedEntry()
    {
        var resolver = new GatedResolver();
        resolver.Release.SetResult();
        var cache = new DatasetCache(Catalog(resolver));

        await Assert.ThrowsAsync<InvalidDatasetRequestException>(() => cache.GetPreparedAsync(new DatasetRequest("upload", 10_000, 10)));

        Assert.Equal(0, cache.GetStats().PreparedEntries);
    }

    [Fact]
    public async Task ACancelledCaller_DoesNotCancelTheSharedBuild()
    {
        var resolver = new GatedResolver();
        var cache = new DatasetCache(Catalog(resolver));
        using var cts = new CancellationTokenSource();

        var cancelled = cache.GetRawAsync("upload", cts.Token);
        var patient = cache.GetRawAsync("upload");
        await resolver.Started.Task;
        await cts.CancelAsync();
        resolver.Release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.NotNull(await patient);
        Assert.Equal(1, resolver.Calls);
    }

    [Fact]
    public async Task Evict_DropsTheDatasetAndItsPreparedVariants()
    {
        var resolver = new GatedResolver();
        resolver.Release.SetResult();
        var cache = new DatasetCache(Catalog(resolver));
        await cache.GetPreparedAsync(new DatasetRequest("upload"));

        Assert.Equal(2, cache.Evict("upload"));
        Assert.Equal(0, cache.GetStats().BytesInUse);
    }

    /// <summary>Counts builds; holds them until released so callers really overlap.</summary>
    private sealed class GatedResolver : IUploadedDatasetResolver
    {
        private int _calls;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool FailFirst { get; init; }

        public int Calls => Volatile.Read(ref _calls);

        public async Task<RawDataset?> ResolveAsync(string name, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            Started.TrySetResult();
            await Release.Task;
            if (FailFirst && call == 1)
            {
                throw new IOException("database unavailable");
            }

            return name == "upload" ? SyntheticDatasets.Blobs(new BlobsOptions { Classes = 3, PointsPerClass = 100, Dimensions = 3 }) : null;
        }
    }
}
