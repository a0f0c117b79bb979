using System.Numerics.Tensors;
using HyperSearch.Engine;
using HyperSearch.Core;

namespace HyperSearch.Data;

/// <summary>
/// Turns a <see cref="RawDataset"/> into the train / validation / test splits a trial uses: picks the
/// rows, converts them to float32 (pixels / 255) into one buffer, and normalises every split with
/// statistics of the TRAINING rows only (CS231n lecture 6; no information from validation or test
/// leaks into the inputs).
/// </summary>
public static class DatasetPreparer
{
    public static PreparedDataset Prepare(string name, RawDataset raw, DatasetRequest request)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(request);
        return Prepare(raw, Plan(name, raw, request));
    }

    internal static SplitPlan Plan(string name, RawDataset raw, DatasetRequest request)
    {
        var pool = raw.Test is not null ? raw.Train.Count : raw.Train.Count - SplitPlan.CarvedTestCount(raw.Train.Count);
        return SplitPlan.Resolve(name, raw.Kind, pool, request);
    }

    internal static PreparedDataset Prepare(RawDataset raw, SplitPlan plan)
    {
        var (pool, carvedTest) = PoolAndCarvedTest(raw);
        int[] trainRows, validationRows;
        if (plan.Mode == SplitMode.Ordered)
        {
            trainRows = pool[..plan.TrainSize];
            validationRows = pool[^plan.ValidationSize..];
        }
        else
        {
            var random = new Rng(plan.Seed, RngStreams.SplitShuffle);
            random.Shuffle(pool);
            trainRows = pool[..plan.TrainSize];
            validationRows = pool[plan.TrainSize..(plan.TrainSize + plan.ValidationSize)];
        }

        var features = raw.FeatureCount;
        var testCount = raw.Test?.Count ?? carvedTest.Length;
        var rows = trainRows.Length + validationRows.Length + testCount;
        var buffer = new float[(long)rows * features];
        var labels = new int[rows];

        // One buffer in the order train | validation | test: the splits are views, so the prepared
        // dataset is the single float32 copy the process holds.
        var next = 0;
        foreach (var row in trainRows)
        {
            raw.Train.CopyRow(row, buffer.AsSpan(next * features, features));
            labels[next++] = raw.Train.LabelAt(row);
        }

        foreach (var row in validationRows)
        {
            raw.Train.CopyRow(row, buffer.AsSpan(next * features, features));
            labels[next++] = raw.Train.LabelAt(row);
        }

        var testSource = raw.Test ?? raw.Train;
        for (var i = 0; i < testCount; i++)
        {
            var row = raw.Test is not null ? i : carvedTest[i];
            testSource.CopyRow(row, buffer.AsSpan(next * features, features));
            labels[next++] = testSource.LabelAt(row);
        }

        var stats = Normalize(buffer, features, plan.TrainSize, raw.Channels, plan.Preprocessing, raw.Train.IsPixels);
        var all = new TrainingData(buffer, labels, features, raw.ClassCount);
        var train = all.Slice(0, plan.TrainSize);
        var validation = all.Slice(plan.TrainSize, plan.ValidationSize);
        var test = testCount > 0 ? all.Slice(plan.TrainSize + plan.ValidationSize, testCount) : null;
        return new PreparedDataset(
            plan.Name, plan.Mode, train, validation, test, raw.ClassNames, stats,
            (buffer.LongLength * sizeof(float)) + (labels.LongLength * sizeof(int)))
        {
            Shape = raw.Kind == DatasetKind.Images ? SquareImage(features, raw.Channels) : null,
        };
    }

    /// <summary>
    /// The shape of an image row of <paramref name="channels"/> square planes, as every served image set
    /// is (28×28, 32×32); null for a non-square file (the row keeps no height/width beyond the reader),
    /// which then trains as an MLP only.
    /// </summary>
    private static ImageShape? SquareImage(int features, int channels)
    {
        var side = (int)Math.Round(Math.Sqrt(features / (double)channels));
        return side * side * channels == features ? new ImageShape(channels, side, side) : null;
    }

    /// <summary>
    /// The rows train and validation may use, in source order, and (for sources without an official
    /// test set) the fixed carved-off test rows.
    /// </summary>
    private static (int[] Pool, int[] CarvedTest) PoolAndCarvedTest(RawDataset raw)
    {
        var count = raw.Train.Count;
        if (raw.Test is not null)
        {
            return ([.. Enumerable.Range(0, count)], []);
        }

        var order = Enumerable.Range(0, count).ToArray();
        new Rng(SplitPlan.TestCarveSeed, RngStreams.TestCarve).Shuffle(order);
        var testCount = SplitPlan.CarvedTestCount(count);
        var test = order[..testCount];
        var pool = order[testCount..];

        // Source order again, so "ordered" means the same thing for every source.
        Array.Sort(test);
        Array.Sort(pool);
        return (pool, test);
    }

    /// <summary>Computes statistics over the first <paramref name="trainRows"/> rows and applies them to every row.</summary>
    private static PreprocessingStats Normalize(float[] buffer, int features, int trainRows, int channels, PreprocessingMode mode, bool scaledPixels)
    {
        if (mode == PreprocessingMode.None)
        {
            return new PreprocessingStats(mode, scaledPixels, channels, [], [], trainRows);
        }

        // Per channel for colour images (one statistic per R, G, B plane); per feature otherwise.
        // Sums are taken per feature and then grouped, so one vectorised path serves both.
        var groups = channels > 1 ? channels : features;
        var plane = features / groups;
        var counts = (double)trainRows * plane;

        var sum = GroupSums(SumRows(buffer, features, trainRows, shift: null), plane);
        var mean = new float[groups];
        for (var g = 0; g < groups; g++)
        {
            mean[g] = (float)(sum[g] / counts);
        }

        var shift = new float[features];
        for (var f = 0; f < features; f++)
        {
            shift[f] = mean[f / plane];
        }

        var std = Array.Empty<float>();
        var scale = new float[features];
        Array.Fill(scale, 1f);
        if (mode == PreprocessingMode.Standardize)
        {
            // Second pass over centred values (not E[x²] - E[x]², which cancels badly).
            var squares = GroupSums(SumRows(buffer, features, trainRows, shift), plane);

            // Sample std (n - 1), as torch.std in the reference workload's peer.
            std = new float[groups];
            for (var g = 0; g < groups; g++)
            {
                std[g] = counts > 1 ? (float)Math.Sqrt(squares[g] / (counts - 1)) : 0f;
            }

            for (var f = 0; f < features; f++)
            {
                scale[f] = std[f / plane] + (float)Preprocessing.Epsilon;
            }
        }

        var rows = buffer.Length / features;
        Parallel.For(0, rows, r =>
        {
            var row = buffer.AsSpan(r * features, features);
            TensorPrimitives.Subtract(row, shift, row);
            TensorPrimitives.Divide(row, scale, row);
        });

        return new PreprocessingStats(mode, scaledPixels, channels, mean, std, trainRows);
    }

    /// <summary>
    /// Per-feature sums over the first <paramref name="rows"/> rows of x, or of (x - shift)² when a
    /// shift is given. Vectorised float32 sums over blocks of 256 rows are flushed into double
    /// accumulators: float32 alone over 50,000 rows would lose the digits the std depends on.
    /// </summary>
    private static double[] SumRows(float[] buffer, int features, int rows, float[]? shift)
    {
        const int Block = 256;
        var total = new double[features];
        var block = new float[features];
        var centred = shift is null ? null : new float[features];
        for (var r = 0; r < rows; r++)
        {
            var row = buffer.AsSpan(r * features, features);
            if (centred is null)
            {
                TensorPrimitives.Add(block, row, block);
            }
            else
            {
                TensorPrimitives.Subtract(row, shift, centred);
                TensorPrimitives.MultiplyAdd(centred, centred, block, block);
            }

            if ((r + 1) % Block == 0 || r == rows - 1)
            {
                for (var f = 0; f < features; f++)
                {
                    total[f] += block[f];
                }

                Array.Clear(block);
            }
        }

        return total;
    }

    private static double[] GroupSums(double[] perFeature, int plane)
    {
        var groups = new double[perFeature.Length / plane];
        for (var f = 0; f < perFeature.Length; f++)
        {
            groups[f / plane] += perFeature[f];
        }

        return groups;
    }
}
