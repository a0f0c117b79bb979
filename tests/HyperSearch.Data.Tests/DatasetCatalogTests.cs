using System.Text;

namespace HyperSearch.Data.Tests;

public sealed class DatasetCatalogTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>A catalog that sees only the temp directory (no system datasets).</summary>
    private DatasetCatalog Isolated(IUploadedDatasetResolver? resolver = null) =>
        new(new DatasetOptions { DataDirectory = _files.Path("data"), SystemDatasetsDirectory = _files.Path("system") }, resolver);

    [Fact]
    public void List_ShowsEveryBuiltInDataset_WithHowToGetTheMissingOnes()
    {
        var list = Isolated().List();

        Assert.Equal(["fashion-mnist", "mnist", "cifar10", "spiral", "blobs"], list.Select(d => d.Name));
        var fashion = list[0];
        Assert.False(fashion.Available);
        Assert.Equal((70_000, 784, 10), (fashion.Samples, fashion.Features, fashion.Classes));
        Assert.Contains("apt-get install -y dataset-fashion-mnist", fashion.Message, StringComparison.Ordinal);
        Assert.Contains(_files.Path("data", "fashion-mnist"), fashion.Message, StringComparison.Ordinal);
        Assert.Contains("train-images-idx3-ubyte.gz", fashion.Message, StringComparison.Ordinal);
        Assert.Contains(_files.Path("data", "mnist"), list[1].Message, StringComparison.Ordinal);
        Assert.Contains("cifar-10-binary.tar.gz", list[2].Message, StringComparison.Ordinal);
        Assert.True(list[3].Available);
        Assert.Equal((900, 2, 3), (list[3].Samples, list[3].Features, list[3].Classes));
        Assert.True(list[4].Available);
    }

    [Fact]
    public async Task LoadAsync_ThrowsUnavailable_WithTheSameMessage()
    {
        var catalog = Isolated();

        var e = await Assert.ThrowsAsync<DatasetUnavailableException>(() => catalog.LoadAsync("fashion-mnist"));

        Assert.Equal(catalog.Describe("fashion-mnist").Message, e.Message);
        Assert.Equal("fashion-mnist", e.DatasetName);
    }

    [Fact]
    public async Task LoadAsync_ThrowsUnknown_ListingKnownNames()
    {
        var e = await Assert.ThrowsAsync<UnknownDatasetException>(() => Isolated().LoadAsync("imagenet"));

        Assert.Contains("Unknown dataset 'imagenet'", e.Message, StringComparison.Ordinal);
        Assert.Contains("fashion-mnist, mnist, cifar10, spiral, blobs", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fashion-mnist", "data/fashion-mnist", true)]
    [InlineData("fashion-mnist", "data", false)]
    [InlineData("fashion-mnist", "system/fashion-mnist", true)]
    [InlineData("mnist", "data/mnist", false)]
    public async Task IdxDatasets_AreFoundWhereDocumented(string name, string directory, bool gzip)
    {
        var written = _files.WriteIdxSet(directory, train: 12, gzip);
        var catalog = Isolated();

        var info = catalog.Describe(name);
        var data = await catalog.LoadAsync(name);

        Assert.True(info.Available);
        Assert.Equal(written, info.Location);
        Assert.Equal(12, data.Train.Count);
        Assert.Equal(4, data.Test!.Count);
        Assert.Equal(6, data.FeatureCount);
        Assert.Equal([9, 2, 1, 1], data.Test.Labels.ToArray());
    }

    [Theory]
    [InlineData("cifar10")]
    [InlineData("cifar10/cifar-10-batches-bin")]
    [InlineData("cifar-10-batches-bin")]
    public async Task Cifar10_IsFoundWhereDocumented(string directory)
    {
        for (var b = 1; b <= 5; b++)
        {
            _files.Write($"data/{directory}/data_batch_{b}.bin", TestFiles.CifarBatch(2));
        }

        _files.Write($"data/{directory}/test_batch.bin", TestFiles.CifarBatch(1));

        var data = await Isolated().LoadAsync("cifar10");

        Assert.Equal((10, 1, 3), (data.Train.Count, data.Test!.Count, data.Channels));
    }

    [Fact]
    public async Task Uploads_RegisterFromCsvBytes_AndAppearInTheList()
    {
        var catalog = Isolated();
        var csv = Encoding.UTF8.GetBytes("a,b,species\n1,2,cat\n3,4,dog\n5,6,cat\n");

        var parsed = catalog.RegisterUpload("pets", csv, "species");

        Assert.Same(parsed, await catalog.LoadAsync("pets"));
        var info = Assert.Single(catalog.List(), d => d.Name == "pets");
        Assert.Equal((DatasetKind.Csv, 3, 2, 2, true), (info.Kind, info.Samples, info.Features, info.Classes, info.Available));
        Assert.True(catalog.RemoveUpload("pets"));
        await Assert.ThrowsAsync<UnknownDatasetException>(() => catalog.LoadAsync("pets"));
    }

    [Theory]
    [InlineData("spiral", false)]
    [InlineData("Has Space", false)]
    [InlineData("", false)]
    [InlineData("iris-2024.v1", true)]
    public void UploadNames_AreValidated(string name, bool valid)
    {
        Assert.Equal(valid, DatasetCatalog.IsValidUploadName(name, out var error));
        Assert.Equal(valid, error is null);
    }

    [Fact]
    public async Task Uploads_AreResolvedThroughTheResolver_WhenNotRegistered()
    {
        var resolved = SyntheticDatasets.Blobs(new BlobsOptions { Classes = 2, PointsPerClass = 5 });
        var catalog = Isolated(new DictionaryResolver(new Dictionary<string, RawDataset> { ["stored"] = resolved }));

        Assert.Same(resolved, await catalog.LoadAsync("stored"));
        await Assert.ThrowsAsync<UnknownDatasetException>(() => catalog.LoadAsync("missing"));
    }

    [Fact]
    public void ValidateRequest_ChecksSizesAgainstTheCatalogCounts_WithoutLoading()
    {
        var catalog = Isolated();

        catalog.ValidateRequest(new DatasetRequest("fashion-mnist", 50_000, 10_000));
        var e = Assert.Throws<InvalidDatasetRequestException>(() => catalog.ValidateRequest(new DatasetRequest("fashion-mnist", 55_000, 10_000)));

        Assert.Equal("dataset.trainSize", e.Field);
        Assert.Contains("exceeds the 60000 rows", e.Message, StringComparison.Ordinal);
        Assert.Throws<UnknownDatasetException>(() => catalog.ValidateRequest(new DatasetRequest("nope")));
        Assert.Equal("dataset.trainSize", Assert.Throws<InvalidDatasetRequestException>(
            () => catalog.ValidateRequest(new DatasetRequest("spiral", 700, 100))).Field);
    }

    [Fact]
    public void DescribeUpload_ReservesTheCarvedTestRows_SoValidationMatchesPreparation()
    {
        var info = DatasetCatalog.DescribeUpload("iris", 150, 4, 3);

        Assert.Equal((150, 120, 30), (info.Samples, info.TrainSamples, info.TestSamples));
        DatasetCatalog.ValidateRequest(info, new DatasetRequest("iris", 100, 20));
        Assert.Throws<InvalidDatasetRequestException>(() => DatasetCatalog.ValidateRequest(info, new DatasetRequest("iris", 100, 21)));
    }

    private sealed class DictionaryResolver(Dictionary<string, RawDataset> datasets) : IUploadedDatasetResolver
    {
        public Task<RawDataset?> ResolveAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(datasets.GetValueOrDefault(name));
    }
}
