namespace HyperSearch.Data.Tests;

/// <summary>
/// The real Fashion-MNIST from Debian's dataset-fashion-mnist package. These tests FAIL (never
/// skip) when it is missing: the reference workload depends on it, and CI installs it.
/// </summary>
public sealed class FashionMnistTests(FashionMnistTests.Fixture fixture) : IClassFixture<FashionMnistTests.Fixture>
{
    private const string Directory = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public async Task RealFashionMnist_HasTheOfficialCountsShapesAndFirstTestLabels()
    {
        var data = await fixture.RawAsync();

        Assert.Equal(60_000, data.Train.Count);
        Assert.Equal(10_000, data.Test!.Count);
        Assert.Equal(784, data.FeatureCount);
        Assert.Equal(10, data.ClassCount);
        Assert.Equal([9, 2, 1, 1, 6, 1, 4, 6, 5, 7], data.Test.Labels[..10].ToArray());
        Assert.Equal("Ankle boot", data.ClassNames![9]);
    }

    [Fact]
    public async Task RealFashionMnist_ReferenceSplit_Is50000_10000_10000_Standardized()
    {
        var raw = await fixture.RawAsync();

        var prepared = await fixture.Cache.GetPreparedAsync(new DatasetRequest("fashion-mnist", 50_000, 10_000, "standardize", Split: "ordered"));

        Assert.Equal((50_000, 10_000, 10_000), (prepared.Train.Count, prepared.Validation.Count, prepared.Test!.Count));
        Assert.Equal(784, prepared.Features);
        Assert.Equal(10, prepared.Classes);

        // First 50,000 official training images train; the last 10,000 validate.
        Assert.Equal(raw.Train.Labels.Span[..50_000].ToArray(), prepared.Train.Labels.ToArray());
        Assert.Equal(raw.Train.Labels.Span[50_000..].ToArray(), prepared.Validation.Labels.ToArray());

        // Standardised per pixel with training statistics: a centre pixel has mean 0 and std 1.
        var pixel = (14 * 28) + 14;
        var features = prepared.Train.Features.ToArray();
        var column = Enumerable.Range(0, 50_000).Select(r => (double)features[(r * 784) + pixel]).ToArray();
        var mean = column.Average();
        Assert.Equal(0, mean, 4);
        Assert.Equal(1, Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / 49_999), 4);

        // The default sizes and split resolve to the same reference split, so they share the cached copy.
        Assert.Same(prepared, await fixture.Cache.GetPreparedAsync(new DatasetRequest("fashion-mnist", Preprocessing: "standardize")));

        // One float32 copy of all 70,000 rows, next to the 55 MB of raw bytes.
        Assert.Equal((70_000L * 784 * 4) + (70_000L * 4), prepared.SizeInBytes);
        Assert.Equal(prepared.SizeInBytes + raw.SizeInBytes, fixture.Cache.GetStats().BytesInUse);
    }

    /// <summary>Loads the files once for the class, through the cache the service uses.</summary>
    public sealed class Fixture
    {
        public DatasetCache Cache { get; } = new(new DatasetCatalog(new DatasetOptions()));

        public Task<RawDataset> RawAsync()
        {
            var info = Cache.Catalog.Describe(DatasetCatalog.FashionMnist);
            Assert.True(
                info.Available,
                $"Fashion-MNIST is missing from {Directory}: run `apt-get install -y dataset-fashion-mnist`. Catalog says: {info.Message}");
            return Cache.GetRawAsync(DatasetCatalog.FashionMnist);
        }
    }
}
