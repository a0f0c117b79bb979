namespace HyperSearch.Engine;

/// <summary>
/// A read-only labelled design matrix: <see cref="Count"/> rows of <see cref="FeatureCount"/> float32
/// features, row-major, and one class id per row. Instances are shared by every concurrent trial of
/// a process (the dataset cache hands out one copy), so nothing may write into them.
/// </summary>
public sealed class TrainingData
{
    public TrainingData(ReadOnlyMemory<float> features, ReadOnlyMemory<int> labels, int featureCount, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (features.Length != labels.Length * featureCount)
        {
            throw new ArgumentException(
                $"features has {features.Length} values; expected {labels.Length} rows x {featureCount} features.",
                nameof(features));
        }

        Features = features;
        Labels = labels;
        FeatureCount = featureCount;
        ClassCount = classCount;
    }

    /// <summary>Row-major (Count, FeatureCount).</summary>
    public ReadOnlyMemory<float> Features { get; }

    /// <summary>(Count) class ids in [0, ClassCount).</summary>
    public ReadOnlyMemory<int> Labels { get; }

    public int Count => Labels.Length;

    public int FeatureCount { get; }

    public int ClassCount { get; }

    /// <summary>Rows [start, start + count) as a view over the same memory (no copy).</summary>
    public TrainingData Slice(int start, int count) =>
        new(Features.Slice(start * FeatureCount, count * FeatureCount), Labels.Slice(start, count), FeatureCount, ClassCount);
}
