namespace HyperSearch.Data;

/// <summary>Where the catalog looks for dataset files, and the shapes of the synthetic sets.</summary>
public sealed class DatasetOptions
{
    /// <summary>The service's data directory (configuration key <c>Datasets:DataDirectory</c> by convention); null: only system locations.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Where Debian's dataset-* packages install (fashion-mnist goes to {this}/fashion-mnist).</summary>
    public string SystemDatasetsDirectory { get; init; } = "/usr/share/datasets";

    public SpiralOptions Spiral { get; init; } = new();

    public BlobsOptions Blobs { get; init; } = new();
}
