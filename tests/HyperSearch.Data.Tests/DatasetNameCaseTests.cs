using System.Text;

namespace HyperSearch.Data.Tests;

/// <summary>Dataset names are case-insensitive in the catalog: one canonical (trimmed, lower-case) spelling is stored and compared.</summary>
public sealed class DatasetNameCaseTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("busy", "busy")]
    [InlineData("BUSY", "busy")]
    [InlineData("  Busy\t", "busy")]
    [InlineData("   ", "")]
    [InlineData(null, "")]
    public void CanonicalName_TrimsAndLowerCases(string? name, string canonical) =>
        Assert.Equal(canonical, DatasetCatalog.CanonicalName(name));

    [Fact]
    public async Task AnUploadRegisteredInUpperCase_IsStoredLowerCase_AndFoundInAnyCase()
    {
        var catalog = Isolated();
        var csv = Encoding.UTF8.GetBytes("a,b,species\n1,2,cat\n3,4,dog\n5,6,cat\n");

        var parsed = catalog.RegisterUpload("PETS", csv, "species");

        Assert.Same(parsed, await catalog.LoadAsync("pets"));
        Assert.Same(parsed, await catalog.LoadAsync("Pets"));
        Assert.Equal("pets", catalog.Describe("pEtS").Name);
        Assert.Single(catalog.List(), d => d.Name == "pets");
        Assert.Throws<InvalidOperationException>(() => catalog.RegisterUpload("pets", SyntheticDatasets.Blobs(new BlobsOptions { Classes = 2, PointsPerClass = 5 })));
        Assert.True(catalog.RemoveUpload("PETS"));
        await Assert.ThrowsAsync<UnknownDatasetException>(() => catalog.LoadAsync("pets"));
    }

    [Fact]
    public void BuiltIns_AreFoundInAnyCase()
    {
        Assert.Equal("spiral", Isolated().Describe(" SPIRAL ").Name);
        Assert.Throws<ArgumentException>(() => Isolated().RegisterUpload("Spiral", SyntheticDatasets.Blobs(new BlobsOptions { Classes = 2, PointsPerClass = 5 })));
    }

    private DatasetCatalog Isolated() =>
        new(new DatasetOptions { DataDirectory = _files.Path("data"), SystemDatasetsDirectory = _files.Path("system") });
}
