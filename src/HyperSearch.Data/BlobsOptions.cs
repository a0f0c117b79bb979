namespace HyperSearch.Data;

/// <summary>Parameters of isotropic Gaussian blobs (as scikit-learn's make_blobs).</summary>
public sealed record BlobsOptions
{
    /// <summary>K, the number of blobs (classes).</summary>
    public int Classes { get; init; } = 4;

    /// <summary>N, points per blob.</summary>
    public int PointsPerClass { get; init; } = 500;

    /// <summary>D, the dimension of each point.</summary>
    public int Dimensions { get; init; } = 8;

    /// <summary>Centres are drawn uniformly from [-CenterBox, CenterBox]^D (make_blobs' default box is ±10).</summary>
    public double CenterBox { get; init; } = 10.0;

    /// <summary>Standard deviation of every blob along every axis.</summary>
    public double Spread { get; init; } = 1.0;

    public ulong Seed { get; init; }
}
