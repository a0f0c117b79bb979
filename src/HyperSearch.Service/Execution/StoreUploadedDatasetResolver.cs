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

    public async Task<DatasetInfo?> DescribeAsync(string name, CancellationToken ct)
    {
        var all = await store.ListDatasetsAsync(ct);
        var d = all.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
        return d is null
            ? null
            : DatasetCatalog.DescribeUpload(d.Name, d.Samples, d.Features, d.Classes, $"Uploaded CSV ({d.Bytes} bytes, label column '{d.LabelColumn}').");
    }
}
