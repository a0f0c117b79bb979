namespace HyperSearch.Data;

/// <summary>
/// A whole dataset as read from its source: the training part, the official test part when the
/// source has one, and what the rows mean (classes, channels). Splits and preprocessing are applied
/// later by <see cref="DatasetPreparer"/>; this object is cached and shared read-only.
/// </summary>
public sealed class RawDataset
{
    public RawDataset(
        DatasetKind kind,
        RawSplit train,
        RawSplit? test,
        int classCount,
        IReadOnlyList<string>? classNames = null,
        int channels = 1,
        IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (classCount < 2)
        {
            throw new DatasetFormatException($"A classification dataset needs at least 2 classes; this one has {classCount}.");
        }

        if (train.Count == 0)
        {
            throw new DatasetFormatException("The dataset has no rows.");
        }

        if (test is not null && (test.FeatureCount != train.FeatureCount || test.IsPixels != train.IsPixels))
        {
            throw new DatasetFormatException($"The test part has {test.FeatureCount} features per row; the training part has {train.FeatureCount}.");
        }

        if (train.FeatureCount % channels != 0)
        {
            throw new ArgumentException($"{train.FeatureCount} features cannot be split into {channels} channels.", nameof(channels));
        }

        if (classNames is not null && classNames.Count != classCount)
        {
            throw new ArgumentException($"{classNames.Count} class names for {classCount} classes.", nameof(classNames));
        }

        if (featureNames is not null && featureNames.Count != train.FeatureCount)
        {
            throw new ArgumentException($"{featureNames.Count} feature names for {train.FeatureCount} features.", nameof(featureNames));
        }

        CheckLabels(train, classCount, "training");
        if (test is not null)
        {
            CheckLabels(test, classCount, "test");
        }

        Kind = kind;
        Train = train;
        Test = test;
        ClassCount = classCount;
        ClassNames = classNames;
        Channels = channels;
        FeatureNames = featureNames;
    }

    public DatasetKind Kind { get; }

    /// <summary>The rows train and validation are drawn from.</summary>
    public RawSplit Train { get; }

    /// <summary>The source's official test set, if it has one (never used to select, only to report).</summary>
    public RawSplit? Test { get; }

    public int FeatureCount => Train.FeatureCount;

    public int ClassCount { get; }

    /// <summary>Names of class ids 0..ClassCount-1 (CSV: the sorted distinct label strings).</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>
    /// Colour channels of a CHW image row (3 for CIFAR-10): zero-centring then works per channel,
    /// as the lecture recommends for colour images. 1 means per-feature statistics.
    /// </summary>
    public int Channels { get; }

    /// <summary>CSV header names of the feature columns.</summary>
    public IReadOnlyList<string>? FeatureNames { get; }

    /// <summary>All rows, training and official test.</summary>
    public int Count => Train.Count + (Test?.Count ?? 0);

    public long SizeInBytes => Train.SizeInBytes + (Test?.SizeInBytes ?? 0);

    private static void CheckLabels(RawSplit split, int classCount, string part)
    {
        var labels = split.Labels.Span;
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new DatasetFormatException($"Label {labels[i]} of {part} row {i} is outside 0..{classCount - 1}.");
            }
        }
    }
}
