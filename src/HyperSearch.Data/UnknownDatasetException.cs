namespace HyperSearch.Data;

/// <summary>A dataset name that is neither built in nor an uploaded dataset; lists the known names.</summary>
public sealed class UnknownDatasetException : Exception
{
    public UnknownDatasetException()
    {
        KnownNames = [];
    }

    public UnknownDatasetException(string message)
        : base(message)
    {
        KnownNames = [];
    }

    public UnknownDatasetException(string message, Exception innerException)
        : base(message, innerException)
    {
        KnownNames = [];
    }

    public UnknownDatasetException(string datasetName, IReadOnlyList<string> knownNames)
        : base($"Unknown dataset '{datasetName}'. Known datasets: {string.Join(", ", knownNames)}.")
    {
        ArgumentNullException.ThrowIfNull(knownNames);
        DatasetName = datasetName;
        KnownNames = knownNames;
    }

    public string? DatasetName { get; }

    public IReadOnlyList<string> KnownNames { get; }
}
