using HyperSearch.Data;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Uploaded CSV datasets live in the store, so every worker process (on any machine) can load them;
/// the dataset cache parses one once per process.
/// </summary>
public sealed class StoreUploadedDatasetResolver(ISearchStore store) : IUploadedDatasetResolver
{
    public async Task<RawDataset?> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var record = await store.GetDatasetAsync(name, cancellationToken);
        return record?.Content is null ? null : CsvDatasetParser.Parse(record.Content, record.LabelColumn, CsvLimits.Default, record.Name);
    }

    /// <summary>The catalog row of an upload from its stored counts, or null when there is none visible to <paramref name="owner"/>.</summary>
    /// <param name="owner">Null: any owner's upload; else only uploads recorded with this owner.</param>
    public async Task<DatasetInfo?> DescribeAsync(string name, string? owner, CancellationToken ct)
    {
        var all = await store.ListDatasetsAsync(ct);
        var d = all.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase) && (owner is null || x.Owner == owner));
        return d is null
            ? null
            : DatasetCatalog.DescribeUpload(d.Name, d.Samples, d.Features, d.Classes, $"Uploaded CSV ({d.Bytes} bytes, label column '{d.LabelColumn}').");
    }
}
