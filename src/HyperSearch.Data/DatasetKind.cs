namespace HyperSearch.Data;

/// <summary>Where a dataset comes from; decides the default split mode and whether pixels are scaled.</summary>
public enum DatasetKind
{
    /// <summary>Image files with an official test set (Fashion-MNIST, MNIST, CIFAR-10); pixels are bytes.</summary>
    Images,

    /// <summary>Generated from a fixed seed (spiral, blobs).</summary>
    Synthetic,

    /// <summary>A CSV uploaded by a user.</summary>
    Csv,
}
