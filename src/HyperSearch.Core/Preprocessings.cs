namespace HyperSearch.Core;

/// <summary>What is done to the features with the TRAINING split's statistics: the spec's "dataset.preprocessing".</summary>
public static class Preprocessings
{
    public const string None = "none";

    /// <summary>Subtract the training mean per feature (per channel for colour images): the lecture's zero-centring.</summary>
    public const string ZeroCenter = "zero-center";

    /// <summary>Zero-centre, then divide by the training standard deviation + 1e-6 (the reference workload's).</summary>
    public const string Standardize = "standardize";

    /// <summary>The default of a search spec and of the Data layer alike.</summary>
    public const string Default = ZeroCenter;

    public static Vocabulary All { get; } = new("dataset.preprocessing", None, ZeroCenter, Standardize);
}
