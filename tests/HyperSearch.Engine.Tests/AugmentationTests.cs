using System.Globalization;
using HyperSearch.Core;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Engine.Tests;

/// <summary>
/// Data augmentation (TrainingOptions.CropPadding, HorizontalFlip): the crop/flip kernel against a naive
/// per-pixel reference, training-only application (evaluation sees the data as it is), determinism at
/// any thread count, and checkpoints: an augmenting run resumed is bit-identical to one run, and a
/// checkpoint written before augmentation existed still loads and resumes.
/// </summary>
public class AugmentationTests
{
    /// <summary>
    /// A version-1 checkpoint written by the engine before augmentation existed (commit 438d009): the
    /// 1-epoch run of <see cref="FixtureSpec"/> with <see cref="FixtureOptions"/> on <see cref="FixtureData"/>.
    /// </summary>
    private const string VersionOneCheckpoint = "SFNDSwEAAQAbAwAACQAAAAIAAAABAAAABAAAAAIDAAAAAAAK1yM8AgAAAAEBAAAAAwAAAAMAAAABAAAAAQAAAAMAAAABAAAAAQAAAAAAmpmZmZmZqT8AAAAAAAAAAAHNzMzMzMzsPxAAAAAAAAAAAAAA4D8BAAAAFwAAAAAAAAABzczMzMzM7D8rhxbZzvfvPzqMMOKOeUU+QAAAAAAAAAAAAAAAQAAAABj5LydDmQO4AQAAAEAAAAAAAAAAPs5HsCpf8T8JugcyTLe0P16Io5q8s6d9fEHaJb0smpfzAx/CWfnxAhFrjuu63U7tAAAAAAAAAAAAzIqisMd0AEszDi1di2l3aiuUDxCMs9Vik6h2UE91jjIAAAAAAAAAAAAEAAAAAAAAADwAAAA8AAAAAAAAAAAAAACdUyk+aS5WPkYFqT7cgxM/ihf3vEHaUD1qzly+pjIPvoOZ5j4IFNu9/CeVvjEFPD0vdgA/LLbnPhF1QT4jAI6/UsYqvQKHET/lgws/ckQWvxfEWL/gSxo/EP2iPKYymr9PtzS+u3nRvTE/Ub7oyT6/m6ZIPwmx5D71UpW/RRoJvV/C0D4XEA+/W26VPs/wQr6oY4G9tfAnvh9Ikz/BREA+zEmFvuzFUr/FWaA+cc+APxt3/75sMEY/NADPvN4yBrwkhxS9ouXtvGDgeD2ILBg9mZ0ZPzo3oT+wKxQ/iEdqvw5aOz+xHUg/e1YOvXtWDj39zR+8wlAgP2kfp76W5ik/DtkJP4KDbj8UUJq9eobHPyYnT78YXw4/fLzDPUqq4jtzKmg+WCqhPQeWBz4w9SE5mG7KPcE71T0MV7c9AAAAAB3k8j20v5s9U2qWPsx8gLxr/Q8/zdZqPnM9Lz4SPXm8qMTmPqadED7W/DI9WGbCPOCyijv5uB49cmJdPo+iSrw6bQI/6sg9Pgp9Bz7vGKI84cZFPrgmGD7iCtI+lBBQva74RT+1G6E+mk8SPqT9nz12CGU9a9QuPsaBoT/GgaG/l7K9PJWyvbw7vLM9Oryzvf3NqT/9zam/OqYgPjqmIL614wCM";

    private static readonly ImageShape Shape = new(3, 7, 5);

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 5, 3)]
    [InlineData(3, 7, 5)]
    [InlineData(3, 4, 9)]
    [InlineData(1, 28, 28)]
    [InlineData(3, 32, 32)]
    public void CropFlip_MatchesTheNaiveReference_ForEveryOffsetAndFlip(int channels, int height, int width)
    {
        var rng = new Random((channels * 1000) + (height * 10) + width);
        int size = channels * height * width;
        float[] source = [.. Enumerable.Range(0, size).Select(_ => (float)rng.NextDouble() - 0.5f)];
        var actual = new float[size + 3];
        foreach (int padding in new[] { 0, 1, 2, 3, 4, 9 })
        {
            for (int top = 0; top <= 2 * padding; top++)
            {
                for (int left = 0; left <= 2 * padding; left++)
                {
                    foreach (bool flip in new[] { false, true })
                    {
                        actual.AsSpan().Fill(float.NaN);
                        ImageOps.CropFlip(source, actual.AsSpan(0, size), channels, height, width, padding, top, left, flip);

                        Assert.Equal(Naive(source, channels, height, width, padding, top, left, flip), actual[..size]);
                        Assert.All(actual[size..], v => Assert.True(float.IsNaN(v))); // nothing written past the image
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 5, 3)]
    [InlineData(3, 32, 32)]
    public void CropFlip_WithPaddingZero_IsTheIdentity_AndTwoFlipsUndoEachOther(int channels, int height, int width)
    {
        int size = channels * height * width;
        float[] source = [.. Enumerable.Range(0, size).Select(i => (float)i)];
        var copy = new float[size];
        var flipped = new float[size];
        var back = new float[size];

        ImageOps.CropFlip(source, copy, channels, height, width, 0, 0, 0, flip: false);
        ImageOps.CropFlip(source, flipped, channels, height, width, 0, 0, 0, flip: true);
        ImageOps.CropFlip(flipped, back, channels, height, width, 0, 0, 0, flip: true);

        Assert.Equal(source, copy);
        Assert.Equal(source, back);
        Assert.Equal(width > 1, !source.SequenceEqual(flipped));
        Assert.Equal(source[width - 1], flipped[0]);
    }

    [Fact]
    public void CropFlip_RejectsOffsetsOutsideThePaddedImage_AndShortSpans()
    {
        var image = new float[Shape.Size];
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageOps.CropFlip(image, new float[Shape.Size], 3, 7, 5, 2, 5, 0, false));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageOps.CropFlip(image, new float[Shape.Size], 3, 7, 5, 2, 0, -1, false));
        Assert.Throws<ArgumentException>(() => ImageOps.CropFlip(image, new float[Shape.Size - 1], 3, 7, 5, 2, 1, 1, false));
    }

    [Fact]
    public void GatherAugmented_DrawsFromItsStream_IntoTheWorkspace_AllocatingNothing()
    {
        var data = Images(40, seed: 3);
        var spec = Cnn();
        var model = new Model(spec, new Rng(1, RngStreams.WeightInit));
        var ws = new Workspace(model, 16);
        var options = new TrainingOptions { CropPadding = 2, HorizontalFlip = true };
        int[] rows = [.. Enumerable.Range(0, 16).Select(i => (i * 7) % 40)];
        var rng = new Rng(9, RngStreams.Augmentation);
        Trainer.GatherAugmented(ws, data.Features.Span, data.Labels.Span, Shape, options, rng, rows);

        // The same draws, taken by hand in the documented order: top, left, then the coin, per row.
        var expected = new Rng(9, RngStreams.Augmentation);
        bool anyFlip = false, anyShift = false;
        for (int r = 0; r < rows.Length; r++)
        {
            int top = expected.NextInt(5), left = expected.NextInt(5);
            bool flip = expected.NextInt(2) == 1;
            (anyFlip, anyShift) = (anyFlip || flip, anyShift || top != 2 || left != 2);
            float[] naive = Naive(data.Features.Span.Slice(rows[r] * Shape.Size, Shape.Size).ToArray(), 3, 7, 5, 2, top, left, flip);
            Assert.Equal(naive, ws.Input.AsSpan(r * Shape.Size, Shape.Size).ToArray());
            Assert.Equal(data.Labels.Span[rows[r]], ws.Labels[r]);
        }

        Assert.True(anyFlip && anyShift);
        Assert.Equal(expected.State, rng.State);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Trainer.GatherAugmented(ws, data.Features.Span, data.Labels.Span, Shape, options, rng, rows);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Augmentation_ChangesTraining_ButNotEvaluation()
    {
        var data = Images(300, seed: 5);
        var (train, validation) = (data.Slice(0, 240), data.Slice(240, 60));
        var plain = Options() with { Epochs = 3 };

        var without = new TensorEngine(1).Train(Cnn(), plain, train, validation);
        var crop = new TensorEngine(1).Train(Cnn(), plain with { CropPadding = 2 }, train, validation);
        var flip = new TensorEngine(1).Train(Cnn(), plain with { HorizontalFlip = true }, train, validation);

        // Different batches: a different run (initial loss, running loss, the parameters).
        foreach (var augmented in new[] { crop, flip })
        {
            Assert.NotEqual(Bits(without.InitialLoss), Bits(augmented.InitialLoss));
            Assert.NotEqual(Bits(without.Epochs[^1].RunningTrainLoss), Bits(augmented.Epochs[^1].RunningTrainLoss));
            Assert.NotEqual(without.Model.Parameters, augmented.Model.Parameters);

            // Evaluation sees the data as it is: the reported metrics are the trained model's plain evaluation
            // (λ = 0, no smoothing, every training row in the train metrics).
            Assert.Equal(augmented.Model.Evaluate(validation), (augmented.ValidationLoss, augmented.ValidationAccuracy));
            Assert.Equal(augmented.Model.Evaluate(train), (augmented.TrainLoss, augmented.TrainAccuracy));
        }

        Assert.Equal(without.Model.Evaluate(validation), (without.ValidationLoss, without.ValidationAccuracy));
    }

    [Fact]
    public void AugmentedRun_IsBitIdentical_ForASeed_AtAnyThreadCount_AndDiffersForAnother()
    {
        var data = Images(200, seed: 7);
        var (train, validation) = (data.Slice(0, 160), data.Slice(160, 40));
        var options = Options() with { Epochs = 2, CropPadding = 3, HorizontalFlip = true };

        var one = new TensorEngine(1).Train(Cnn(), options with { Threads = 1 }, train, validation);
        var two = new TensorEngine(2).Train(Cnn(), options with { Threads = 2 }, train, validation);
        var again = new TensorEngine(2).Train(Cnn(), options with { Threads = 2 }, train, validation);
        // Another seed moves every stream; only the augmentation stream differs between these two:
        var shiftedDraws = new TensorEngine(1).Train(Cnn(), options with { CropPadding = 2 }, train, validation);

        Assert.Equal(PinnedBitsTests.Digest(one), PinnedBitsTests.Digest(two));
        Assert.Equal(PinnedBitsTests.Digest(one), PinnedBitsTests.Digest(again));
        Assert.NotEqual(PinnedBitsTests.Digest(one), PinnedBitsTests.Digest(shiftedDraws));
    }

    [Fact]
    public void AugmentedRun_ResumedThroughBytes_IsBitIdenticalToOneRun_AsVersion2()
    {
        var data = Images(200, seed: 11);
        var (train, validation) = (data.Slice(0, 160), data.Slice(160, 40));
        var options = Options() with { Epochs = 5, CropPadding = 2, HorizontalFlip = true };
        var straight = new TensorEngine(1).Train(Cnn(), options, train, validation);

        var first = new TensorEngine(2).Train(Cnn(), options with { Epochs = 2, Threads = 2 }, train, validation);
        byte[] bytes = first.CaptureCheckpoint()!.ToBytes();
        var rest = new TensorEngine(2).Train(Cnn(), options with { Threads = 2 }, train, validation, TrainingCheckpoint.FromBytes(bytes));

        Assert.Equal(2, BitConverter.ToUInt16(bytes, 4)); // the version
        Assert.Equal(3, BitConverter.ToUInt16(bytes, 6)); // the conv and augmentation flags
        var plain = new TensorEngine(1).Train(Cnn(), options with { Epochs = 2, CropPadding = 0, HorizontalFlip = false }, train, validation);
        Assert.Equal(plain.CaptureCheckpoint()!.SizeInBytes + 46, bytes.Length); // docs/engine.md: two options and a generator state
        Assert.Equal(
            PinnedBitsTests.Digest(straight),
            PinnedBitsTests.Digest(new TrainingResult(rest.Outcome, rest.InitialLoss, [.. first.Epochs, .. rest.Epochs], null, 0, rest.SamplesTrained) { Model = rest.Model }));

        // Version 1 has no augmentation flag: an augmenting image relabelled 1, or a version-1 image with the bit, is refused before its CRC.
        byte[] relabelled = (byte[])bytes.Clone();
        relabelled[4] = 1;
        Assert.Contains("reserved flags", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(relabelled)).Message, StringComparison.Ordinal);
        byte[] flagged = Convert.FromBase64String(VersionOneCheckpoint);
        flagged[6] |= 2;
        Assert.Contains("reserved flags", Assert.Throws<InvalidDataException>(() => TrainingCheckpoint.FromBytes(flagged)).Message, StringComparison.Ordinal);

        foreach (var other in new[] { options with { CropPadding = 1 }, options with { HorizontalFlip = false }, options with { CropPadding = 0, HorizontalFlip = false } })
        {
            var e = Assert.Throws<ArgumentException>(() => new TensorEngine(1).Train(Cnn(), other, train, validation, TrainingCheckpoint.FromBytes(bytes)));
            Assert.Contains(other.CropPadding != 2 ? "CropPadding" : "HorizontalFlip", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RunWithoutAugmentation_StillWritesVersion1()
    {
        var data = FixtureData();
        var result = new TensorEngine(1).Train(FixtureSpec(), FixtureOptions(), data.Slice(0, 64), data.Slice(64, 16));
        byte[] bytes = result.CaptureCheckpoint()!.ToBytes();
        byte[] old = Convert.FromBase64String(VersionOneCheckpoint);

        Assert.Equal(1, BitConverter.ToUInt16(bytes, 4));
        Assert.Equal(1, BitConverter.ToUInt16(bytes, 6)); // the conv flag only
        Assert.Equal(old.Length, bytes.Length);

        // Byte for byte the old engine's image but for the wall-clock training seconds and the CRC over them.
        Assert.Equal(old[..SecondsOffset], bytes[..SecondsOffset]);
        Assert.Equal(old[(SecondsOffset + 8)..^4], bytes[(SecondsOffset + 8)..^4]);
        Assert.NotEqual(old[..^4], bytes[..^4]); // the seconds are wall clock: the offset is right if only they differ
    }

    [Fact]
    public void CheckpointFromBeforeAugmentation_Loads_AndResumesLikeOneRun()
    {
        var data = FixtureData();
        var (train, validation) = (data.Slice(0, 64), data.Slice(64, 16));
        var checkpoint = TrainingCheckpoint.FromBytes(Convert.FromBase64String(VersionOneCheckpoint));

        var straight = new TensorEngine(1).Train(FixtureSpec(), FixtureOptions() with { Epochs = 3 }, train, validation);
        var rest = new TensorEngine(1).Train(FixtureSpec(), FixtureOptions() with { Epochs = 3 }, train, validation, checkpoint);

        Assert.Equal(1, checkpoint.Epoch);
        Assert.Equal([2, 3], rest.Epochs.Select(e => e.Epoch));
        Assert.Equal(PinnedBitsTests.Digest(straight with { Epochs = straight.Epochs.Skip(1).ToList() }), PinnedBitsTests.Digest(rest));

        // It has no augmentation options: resuming it with augmentation is a mismatch, not a silent change.
        var e = Assert.Throws<ArgumentException>(() =>
            new TensorEngine(1).Train(FixtureSpec(), FixtureOptions() with { Epochs = 3, HorizontalFlip = true }, train, validation, checkpoint));
        Assert.Contains("HorizontalFlip False saved, True given", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Augmentation_WithoutAnImageShape_OrWithNegativePadding_Throws()
    {
        var data = Synthetic.Gaussian(50, 12, 3, seed: 1);
        var mlp = new ModelSpec(12, [8], 3, Activation.ReLU, WeightInit.He, BatchNorm: false);

        var e = Assert.Throws<ArgumentException>(() => new TensorEngine(1).Train(mlp, new TrainingOptions { HorizontalFlip = true }, data, data));
        Assert.Contains("InputShape", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TensorEngine(1).Train(mlp, new TrainingOptions { CropPadding = -1 }, data, data));

        // An MLP with the rows' image shape augments: the shape, not conv blocks, is what it needs.
        var image = mlp with { InputShape = new ImageShape(3, 2, 2) };
        var flipped = new TensorEngine(1).Train(image, new TrainingOptions { HorizontalFlip = true, BatchSize = 10 }, data, data);
        var plain = new TensorEngine(1).Train(image, new TrainingOptions { BatchSize = 10 }, data, data);
        Assert.NotEqual(plain.Model.Parameters, flipped.Model.Parameters);
    }

    /// <summary>The definition: pad with zeros, take the window, mirror it.</summary>
    private static float[] Naive(float[] source, int channels, int height, int width, int padding, int top, int left, bool flip)
    {
        var result = new float[channels * height * width];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    int px = flip ? width - 1 - x : x;
                    int sy = y + top - padding, sx = px + left - padding;
                    bool inside = sy >= 0 && sy < height && sx >= 0 && sx < width;
                    result[(c * height * width) + (y * width) + x] = inside ? source[(c * height * width) + (sy * width) + sx] : 0f;
                }
            }
        }

        return result;
    }

    /// <summary>Images of <see cref="Shape"/> whose class is where a bright bar sits, plus noise: a shift or a flip changes what the network sees.</summary>
    private static TrainingData Images(int rows, int seed)
    {
        var rng = new Random(seed);
        var x = new float[rows * Shape.Size];
        var y = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int label = rng.Next(3);
            y[r] = label;
            for (int c = 0; c < Shape.Channels; c++)
            {
                for (int i = 0; i < Shape.Height; i++)
                {
                    for (int j = 0; j < Shape.Width; j++)
                    {
                        float bar = j == label + 1 ? 1.5f : 0f;
                        x[(r * Shape.Size) + (c * Shape.Height * Shape.Width) + (i * Shape.Width) + j] = bar + (0.5f * (float)(rng.NextDouble() - 0.5));
                    }
                }
            }
        }

        return new TrainingData(x, y, Shape.Size, 3);
    }

    private static ModelSpec Cnn() => new(Shape.Size, [6], 3, Activation.ReLU, WeightInit.He, BatchNorm: false)
    {
        InputShape = Shape,
        ConvBlocks = [new ConvBlockSpec(4, 3, BatchNorm: true, MaxPool: true)],
    };

    private static TrainingOptions Options() => new()
    {
        LearningRate = 0.05, BatchSize = 16, Seed = 13, TrainEvaluationRows = 1000,
    };

    private static TrainingData FixtureData() => Synthetic.Gaussian(80, 9, 2, seed: 41);

    private static ModelSpec FixtureSpec() => new(9, [4], 2, Activation.ReLU, WeightInit.He, BatchNorm: false)
    {
        InputShape = new ImageShape(1, 3, 3),
        ConvBlocks = [new ConvBlockSpec(1, 3, BatchNorm: false, MaxPool: false)],
    };

    private static TrainingOptions FixtureOptions() => new() { LearningRate = 0.05, BatchSize = 16, Epochs = 1, Seed = 23, TrainEvaluationRows = 64, Threads = 1 };

    /// <summary>
    /// Where the fixture image's training-seconds double sits: header 12, MLP spec 31 (one hidden layer),
    /// conv fields 35 (one block), options 87, then rows, fingerprint, epoch, samples, initial loss (32).
    /// </summary>
    private const int SecondsOffset = 12 + 31 + 35 + 87 + 32;

    private static string Bits(double v) => BitConverter.DoubleToInt64Bits(v).ToString("x16", CultureInfo.InvariantCulture);
}
