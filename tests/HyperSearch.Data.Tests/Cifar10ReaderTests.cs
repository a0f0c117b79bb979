namespace HyperSearch.Data.Tests;

public sealed class Cifar10ReaderTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void ReadBatch_ReadsLabelsAndChwPixels()
    {
        var path = _files.Write("data_batch_1.bin", TestFiles.CifarBatch(3));

        var batch = Cifar10Reader.ReadBatch(path);

        Assert.Equal(3, batch.Count);
        Assert.Equal(3072, batch.FeatureCount);
        Assert.Equal([0, 1, 2], batch.Labels.ToArray());
        Assert.Equal(TestFiles.CifarBatch(3).AsSpan(3073 + 1, 3072).ToArray(), batch.Pixels.Slice(3072, 3072).ToArray());
    }

    [Fact]
    public void ReadBatch_Throws_WhenTruncated()
    {
        var path = _files.Write("data_batch_1.bin", TestFiles.CifarBatch(2)[..^5]);

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Reader.ReadBatch(path));

        Assert.Contains("not a whole number of 3073-byte", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBatch_Throws_OnALabelAbove9()
    {
        var bytes = TestFiles.CifarBatch(2);
        bytes[3073] = 42;
        var path = _files.Write("b.bin", bytes);

        var e = Assert.Throws<DatasetFormatException>(() => Cifar10Reader.ReadBatch(path));

        Assert.Contains("Record 1 has label 42", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadDirectory_ConcatenatesTheFiveBatches_AndKeepsTheTestBatch()
    {
        for (var b = 1; b <= 5; b++)
        {
            _files.Write($"data_batch_{b}.bin", TestFiles.CifarBatch(2, labelOffset: b));
        }

        _files.Write("test_batch.bin", TestFiles.CifarBatch(3));

        var data = Cifar10Reader.ReadDirectory(_files.Directory);

        Assert.Equal(10, data.Train.Count);
        Assert.Equal(3, data.Test!.Count);
        Assert.Equal(3, data.Channels);
        Assert.Equal([1, 2, 2, 3, 3, 4, 4, 5, 5, 6], data.Train.Labels.ToArray());
        Assert.Equal("airplane", data.ClassNames![0]);
    }
}
