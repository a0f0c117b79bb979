using HyperSearch.Core;
using HyperSearch.Engine;

namespace HyperSearch.Data.Tests;

public sealed class DatasetPreparerTests
{
    /// <summary>Rows whose single feature is the row number, so picked rows can be identified.</summary>
    private static RawDataset Numbered(int count, int features = 1, RawSplit? test = null)
    {
        var values = new float[count * features];
        for (var r = 0; r < count; r++)
        {
            for (var f = 0; f < features; f++)
            {
                values[(r * features) + f] = r + (f * 1000);
            }
        }

        var labels = Enumerable.Range(0, count).Select(i => i % 2).ToArray();
        return new RawDataset(test is null ? DatasetKind.Synthetic : DatasetKind.Images, RawSplit.FromValues(values, labels, features), test, 2);
    }

    private static float[] Column0(Engine.TrainingData data) =>
        [.. Enumerable.Range(0, data.Count).Select(r => data.Features.Span[r * data.FeatureCount])];

    [Fact]
    public void Ordered_TakesTheFirstNForTrainingAndTheLastMForValidation()
    {
        var test = RawSplit.FromValues([100f, 101f], [0, 1], 1);
        var raw = Numbered(10, test: test);

        var prepared = DatasetPreparer.Prepare("x", raw, new DatasetRequest("x", 6, 3, Preprocessings.None, Split: "ordered"));

        Assert.Equal([0f, 1, 2, 3, 4, 5], Column0(prepared.Train));
        Assert.Equal([7f, 8, 9], Column0(prepared.Validation));
        Assert.Equal([100f, 101], Column0(prepared.Test!));
        Assert.Equal(SplitMode.Ordered, prepared.Split);
    }

    [Fact]
    public void Shuffled_IsDeterministicPerSeed_AndDisjoint()
    {
        var raw = Numbered(100);
        DatasetRequest Request(long seed) => new("x", 50, 20, Preprocessings.None, seed, "shuffled");

        var a = DatasetPreparer.Prepare("x", raw, Request(1));
        var b = DatasetPreparer.Prepare("x", raw, Request(1));
        var c = DatasetPreparer.Prepare("x", raw, Request(2));

        Assert.Equal(Column0(a.Train), Column0(b.Train));
        Assert.Equal(Column0(a.Validation), Column0(b.Validation));
        Assert.NotEqual(Column0(a.Train), Column0(c.Train));
        var all = Column0(a.Train).Concat(Column0(a.Validation)).Concat(Column0(a.Test!)).ToArray();
        Assert.Equal(all.Length, all.Distinct().Count());
    }

    [Fact]
    public void SourcesWithoutATestSet_CarveAFixedTwentyPercentTestSplit()
    {
        var raw = Numbered(100);

        var a = DatasetPreparer.Prepare("x", raw, new DatasetRequest("x", Preprocessing: Preprocessings.None, Seed: 1));
        var b = DatasetPreparer.Prepare("x", raw, new DatasetRequest("x", Preprocessing: Preprocessings.None, Seed: 2));

        Assert.Equal(20, a.Test!.Count);
        Assert.Equal(Column0(a.Test), Column0(b.Test!));
        Assert.Equal(16, a.Validation.Count);
        Assert.Equal(64, a.Train.Count);
        Assert.Empty(Column0(a.Train).Intersect(Column0(a.Test)));
    }

    [Theory]
    [InlineData(null, null, 48, 12)]
    [InlineData(40, null, 40, 20)]
    [InlineData(null, 5, 55, 5)]
    public void Sizes_DefaultToWhatIsLeft(int? train, int? validation, int expectedTrain, int expectedValidation)
    {
        var raw = Numbered(60, test: RawSplit.FromValues([1f], [0], 1));

        var prepared = DatasetPreparer.Prepare("x", raw, new DatasetRequest("x", train, validation));

        Assert.Equal((expectedTrain, expectedValidation), (prepared.Train.Count, prepared.Validation.Count));
    }

    [Theory]
    [InlineData(50, 20, "dataset.trainSize", "exceeds the 60 rows")]
    [InlineData(0, 10, "dataset.trainSize", "at least 1")]
    [InlineData(10, 0, "dataset.validationSize", "at least 1")]
    [InlineData(60, null, "dataset.validationSize", "leaves no rows for validation")]
    [InlineData(null, 60, "dataset.trainSize", "leaves no rows for training")]
    public void Sizes_AreValidated_NamingTheSpecField(int? train, int? validation, string field, string expected)
    {
        var raw = Numbered(60, test: RawSplit.FromValues([1f], [0], 1));

        var e = Assert.Throws<InvalidDatasetRequestException>(() => DatasetPreparer.Prepare("x", raw, new DatasetRequest("x", train, validation)));

        Assert.Equal(field, e.Field);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPreprocessingAndSplit_AreRejected()
    {
        var raw = Numbered(20);

        Assert.Equal("dataset.preprocessing", Assert.Throws<InvalidDatasetRequestException>(
            () => DatasetPreparer.Prepare("x", raw, new DatasetRequest("x", Preprocessing: "whiten"))).Field);
        Assert.Equal("dataset.split", Assert.Throws<InvalidDatasetRequestException>(
            () => DatasetPreparer.Prepare("x", raw, new DatasetRequest("x", Split: "alphabetical"))).Field);
    }

    [Fact]
    public void Standardize_GivesTheTrainingSplitMeanZeroAndStdOne_PerFeature()
    {
        var raw = SyntheticDatasets.Blobs(new BlobsOptions { Classes = 3, PointsPerClass = 200, Dimensions = 4 });

        var prepared = DatasetPreparer.Prepare("blobs", raw, new DatasetRequest("blobs", Preprocessing: "standardize"));

        var train = prepared.Train;
        for (var f = 0; f < 4; f++)
        {
            var column = Enumerable.Range(0, train.Count).Select(r => (double)train.Features.Span[(r * 4) + f]).ToArray();
            var mean = column.Average();
            var std = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / (column.Length - 1));
            Assert.Equal(0, mean, 4);
            Assert.Equal(1, std, 4);
        }

        Assert.Equal(4, prepared.Stats.Mean.Length);
        Assert.Equal(4, prepared.Stats.Std.Length);
        Assert.Equal(train.Count, prepared.Stats.TrainingRows);
    }

    [Fact]
    public void Statistics_ComeFromTrainingRowsOnly_ValidationChangesDoNotMoveThem()
    {
        // Same training rows, wildly different validation and test rows.
        var a = Numbered(100, features: 3, test: RawSplit.FromValues([5f, 6f, 7f], [0], 3));
        var values = a.Train.Values.ToArray();
        for (var i = 80 * 3; i < values.Length; i++)
        {
            values[i] = 1e6f;
        }

        var b = new RawDataset(DatasetKind.Images, RawSplit.FromValues(values, a.Train.Labels.ToArray(), 3), RawSplit.FromValues([-9e5f, 0f, 9e5f], [1], 3), 2);
        var request = new DatasetRequest("x", 80, 20, Preprocessings.Standardize, Split: "ordered");

        var pa = DatasetPreparer.Prepare("x", a, request);
        var pb = DatasetPreparer.Prepare("x", b, request);

        Assert.Equal(pa.Stats.Mean.ToArray(), pb.Stats.Mean.ToArray());
        Assert.Equal(pa.Stats.Std.ToArray(), pb.Stats.Std.ToArray());
        Assert.Equal(pa.Train.Features.ToArray(), pb.Train.Features.ToArray());

        // The training mean of feature 0 is 39.5 (rows 0..79); validation row 80 is shifted by it, not by its own mean.
        Assert.Equal(39.5f, pa.Stats.Mean.Span[0]);
        var std0 = pa.Stats.Std.Span[0];
        Assert.Equal((80f - 39.5f) / (std0 + 1e-6f), pa.Validation.Features.Span[0], 4);
    }

    [Fact]
    public void ZeroCenter_SubtractsTheMean_WithoutScaling()
    {
        var raw = Numbered(10, test: RawSplit.FromValues([100f], [0], 1));

        var prepared = DatasetPreparer.Prepare("x", raw, new DatasetRequest("x", 5, 5, Preprocessings.ZeroCenter));

        Assert.Equal([-2f, -1, 0, 1, 2], Column0(prepared.Train));
        Assert.Equal(98f, prepared.Test!.Features.Span[0]);
        Assert.True(prepared.Stats.Std.IsEmpty);
    }

    [Fact]
    public void Pixels_AreScaledToUnitRange_BeforeStatistics()
    {
        var raw = new RawDataset(DatasetKind.Images, RawSplit.FromPixels([0, 255, 51, 102], [0, 1], 2), RawSplit.FromPixels([255, 0], [1], 2), 2);

        var prepared = DatasetPreparer.Prepare("x", raw, new DatasetRequest("x", 1, 1, Preprocessings.None));

        Assert.Equal([0f, 1f], prepared.Train.Features.ToArray());
        Assert.Equal([0.2f, 0.4f], prepared.Validation.Features.ToArray());
        Assert.True(prepared.Stats.ScaledPixels);
    }

    [Fact]
    public void ImageSets_CarryTheirChannelPlanarShape_OtherSetsNone()
    {
        byte[] grey = [.. Enumerable.Range(0, 2 * 16).Select(i => (byte)i)];
        var images = new RawDataset(DatasetKind.Images, RawSplit.FromPixels(grey, [0, 1], 16), null, 2);
        byte[] colour = [.. Enumerable.Range(0, 2 * 12).Select(i => (byte)i)];
        var rgb = new RawDataset(DatasetKind.Images, RawSplit.FromPixels(colour, [0, 1], 12), null, 2, channels: 3);
        var points = new RawDataset(DatasetKind.Synthetic, RawSplit.FromValues(new float[2 * 16], [0, 1], 16), null, 2);

        Assert.Equal(new ImageShape(1, 4, 4), DatasetPreparer.Prepare("x", images, new DatasetRequest("x", 1, 1, Preprocessings.None)).Shape);
        Assert.Equal(new ImageShape(3, 2, 2), DatasetPreparer.Prepare("x", rgb, new DatasetRequest("x", 1, 1, Preprocessings.None)).Shape);
        Assert.Null(DatasetPreparer.Prepare("x", points, new DatasetRequest("x", 1, 1, Preprocessings.None)).Shape);
    }

    [Fact]
    public void ColourImages_AreZeroCentredPerChannel()
    {
        using var files = new TestFiles();
        for (var b = 1; b <= 5; b++)
        {
            files.Write($"data_batch_{b}.bin", TestFiles.CifarBatch(4, b));
        }

        files.Write("test_batch.bin", TestFiles.CifarBatch(2));
        var raw = Cifar10Reader.ReadDirectory(files.Directory);

        var prepared = DatasetPreparer.Prepare("cifar10", raw, new DatasetRequest("cifar10", 15, 5, Preprocessings.ZeroCenter));

        Assert.Equal(3, prepared.Stats.Mean.Length);
        Assert.Equal(3, prepared.Stats.Channels);
        Assert.True(prepared.Stats.Mean.Span[1] - prepared.Stats.Mean.Span[0] > 0.35f);
        var train = prepared.Train.Features.Span;
        for (var c = 0; c < 3; c++)
        {
            double sum = 0;
            for (var r = 0; r < 15; r++)
            {
                for (var p = 0; p < 1024; p++)
                {
                    sum += train[(r * 3072) + (c * 1024) + p];
                }
            }

            Assert.Equal(0, sum / (15 * 1024), 4);
        }
    }

    [Fact]
    public void Splits_AreViewsOverOneBuffer()
    {
        var raw = Numbered(50);

        var prepared = DatasetPreparer.Prepare("x", raw, new DatasetRequest("x"));

        var rows = prepared.Train.Count + prepared.Validation.Count + prepared.Test!.Count;
        Assert.Equal(50, rows);
        Assert.Equal((50 * 4) + (50 * 4), prepared.SizeInBytes);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(prepared.Validation.Features, out var segment));
        Assert.Equal(prepared.Train.Count, segment.Offset);
    }
}
