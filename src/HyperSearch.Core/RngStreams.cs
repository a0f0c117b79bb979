namespace HyperSearch.Core;

/// <summary>
/// Every stream of <see cref="Rng"/> the product draws from, in one list so no two purposes ever share
/// one by accident: changing e.g. the dropout rate must not reshuffle the data or move a sampler's points.
/// Part of the reproducibility contract: add streams, never renumber them.
/// </summary>
public static class RngStreams
{
    // Engine: one training run (seeded by the trial's seed).
    public const ulong WeightInit = 1;
    public const ulong BatchOrder = 2;
    public const ulong Dropout = 3;
    public const ulong TrainEvaluationRows = 4;
    public const ulong Augmentation = 5;

    // Data: splits and synthetic sets (seeded by the search seed, or a fixed seed).
    public const ulong SplitShuffle = 10;
    public const ulong TestCarve = 11;
    public const ulong Synthetic = 12;

    // Search: samplers (seeded by the stage's seed).
    public const ulong RandomSampler = 20;
    public const ulong SobolShift = 21;
    public const ulong ParzenSampler = 22;
}
