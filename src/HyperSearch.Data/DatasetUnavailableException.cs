namespace HyperSearch.Data;

/// <summary>
/// A known dataset whose files are not on this machine. The message says exactly how to get them
/// (package to install, files and directory), because the person reading it is usually the one who
/// can fix it.
/// </summary>
public sealed class DatasetUnavailableException : Exception
{
    public DatasetUnavailableException()
    {
    }

    public DatasetUnavailableException(string message)
        : base(message)
    {
    }

    public DatasetUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DatasetUnavailableException(string datasetName, string message)
        : base(message)
    {
        DatasetName = datasetName;
    }

    public string? DatasetName { get; }
}
