using HyperSearch.Engine;

namespace HyperSearch.Data;

/// <summary>
/// The splits a trial trains on, preprocessed. Train, Validation and Test are views over ONE float32
/// buffer (rows in that order), shared read-only by every trial of the process that asks for the
/// same name, sizes, preprocessing and seed. Test is only for reporting the final best trial.
/// </summary>
public sealed class PreparedDataset
{
    internal PreparedDataset(
        string name,
        SplitMode split,
        TrainingData train,
        TrainingData validation,
        TrainingData? test,
        IReadOnlyList<string>? classNames,
        PreprocessingStats stats,
        long sizeInBytes)
    {
        Name = name;
        Split = split;
        Train = train;
        Validation = validation;
        Test = test;
        ClassNames = classNames;
        Stats = stats;
        SizeInBytes = sizeInBytes;
    }

    public string Name { get; }

    public SplitMode Split { get; }

    public TrainingData Train { get; }

    public TrainingData Validation { get; }

    /// <summary>The official test set, or the carved-off 20 % for sources without one.</summary>
    public TrainingData? Test { get; }

    public int Classes => Train.ClassCount;

    public int Features => Train.FeatureCount;

    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>The (channels, height, width) of a row for image sources (rows are channel-planar, as the engine reads them); null otherwise.</summary>
    public ImageShape? Shape { get; init; }

    public PreprocessingStats Stats { get; }

    /// <summary>Bytes of the one feature buffer and its labels.</summary>
    public long SizeInBytes { get; }
}
