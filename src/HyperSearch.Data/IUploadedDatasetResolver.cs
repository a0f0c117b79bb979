namespace HyperSearch.Data;

/// <summary>
/// Implemented by the service to find an uploaded dataset the catalog has not been given (uploads
/// live in the service's database; a worker on another machine resolves them on first use).
/// Typically: load the stored CSV bytes and label column, then <see cref="CsvDatasetParser.Parse(ReadOnlySpan{byte}, string, CsvLimits?, string?)"/>.
/// </summary>
public interface IUploadedDatasetResolver
{
    /// <summary>The dataset named <paramref name="name"/>, or null when there is no such upload.</summary>
    Task<RawDataset?> ResolveAsync(string name, CancellationToken cancellationToken);
}
