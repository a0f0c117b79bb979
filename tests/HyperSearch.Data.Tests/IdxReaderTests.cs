namespace HyperSearch.Data.Tests;

public sealed class IdxReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadImages_ReadsDimensionsAndPixels_GzipOrRaw(bool gzip)
    {
        var raw = TestFiles.IdxImages(3, 2, 4, i => (byte)i);
        var path = _files.Write("images", gzip ? TestFiles.Gzip(raw) : raw);

        var images = IdxReader.ReadImages(path);

        Assert.Equal((3, 2, 4), (images.Count, images.Rows, images.Columns));
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (byte)i), images.Pixels);
    }

    [Fact]
    public void ReadLabelledImages_PairsImagesAndLabels()
    {
        var images = _files.Write("i.gz", TestFiles.Gzip(TestFiles.IdxImages(3, 2, 2)));
        var labels = _files.Write("l", TestFiles.IdxLabels(2, 0, 1));

        var split = IdxReader.ReadLabelledImages(images, labels, classCount: 10);

        Assert.Equal(3, split.Count);
        Assert.Equal(4, split.FeatureCount);
        Assert.True(split.IsPixels);
        Assert.Equal([2, 0, 1], split.Labels.ToArray());
    }

    [Fact]
    public void ReadImages_Throws_OnBadMagic()
    {
        var bytes = TestFiles.IdxImages(1, 2, 2);
        bytes[3] = 0x05;
        var path = _files.Write("bad", bytes);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("Bad magic number 0x00000805", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_Throws_WhenGivenALabelsFile()
    {
        var path = _files.Write("labels", TestFiles.IdxLabels(1, 2));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("an IDX labels file", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReadImages_Throws_WhenTruncated(bool gzip)
    {
        var bytes = TestFiles.IdxImages(5, 4, 4)[..^10];
        var path = _files.Write("short", gzip ? TestFiles.Gzip(bytes) : bytes);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("70 follow", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_Throws_WhenTheGzipStreamIsCut()
    {
        var gz = TestFiles.Gzip(TestFiles.IdxImages(50, 28, 28, i => (byte)(i * 31)));
        var path = _files.Write("cut.gz", gz[..(gz.Length / 2)]);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_Throws_WhenDimensionsDoNotMatchTheData()
    {
        // The header says 2x2 images but 3x3 images follow: extra bytes.
        var bytes = TestFiles.IdxImages(2, 3, 3);
        bytes[11] = 2;
        bytes[15] = 2;
        var path = _files.Write("dims", bytes);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("dimensions are wrong", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_Throws_WhenTheHeaderIsCut()
    {
        var path = _files.Write("header", TestFiles.IdxImages(1, 2, 2)[..10]);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("truncated inside its header", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadImages_Throws_OnEmptyFile()
    {
        var path = _files.Write("empty", []);

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadImages(path));

        Assert.Contains("empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelledImages_Throws_WhenCountsDiffer()
    {
        var images = _files.Write("i", TestFiles.IdxImages(3, 2, 2));
        var labels = _files.Write("l", TestFiles.IdxLabels(1, 2));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadLabelledImages(images, labels, 10));

        Assert.Contains("3 images", e.Message, StringComparison.Ordinal);
        Assert.Contains("2 labels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLabelledImages_Throws_WhenALabelIsOutOfRange()
    {
        var images = _files.Write("i", TestFiles.IdxImages(2, 2, 2));
        var labels = _files.Write("l", TestFiles.IdxLabels(1, 12));

        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.ReadLabelledImages(images, labels, 10));

        Assert.Contains("Label 12 at index 1", e.Message, StringComparison.Ordinal);
    }
}
