namespace HyperSearch.Data;

/// <summary>Parameters of the CS231n spiral set (https://cs231n.github.io/neural-networks-case-study/).</summary>
public sealed record SpiralOptions
{
    /// <summary>K, the number of arms (classes).</summary>
    public int Classes { get; init; } = 3;

    /// <summary>N, points per arm. 300 gives 900 rows: enough to separate linear from non-linear models quickly.</summary>
    public int PointsPerClass { get; init; } = 300;

    /// <summary>σ of the Gaussian noise added to each angle (the case study's 0.2).</summary>
    public double Noise { get; init; } = 0.2;

    public ulong Seed { get; init; }
}
