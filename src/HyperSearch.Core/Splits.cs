namespace HyperSearch.Core;

/// <summary>How train and validation rows are taken from the source: the spec's "dataset.split".</summary>
public static class Splits
{
    /// <summary>The first rows train, the next ones validate (the reference workload's 50k/10k).</summary>
    public const string Ordered = "ordered";

    /// <summary>A seeded shuffle first.</summary>
    public const string Shuffled = "shuffled";

    public static Vocabulary All { get; } = new("dataset.split", Ordered, Shuffled);
}
