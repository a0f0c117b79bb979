using HyperSearch.Data;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Datasets as the API offers them: the catalog's built-in sets plus uploaded CSVs, which are parsed
/// and checked in full before anything is stored, and deleted only while no active search uses them.
/// </summary>
public sealed class DatasetService(ISearchStore store, DatasetProvider datasets, DatasetCache cache, TimeProvider time, Microsoft.Extensions.Options.IOptions<HyperSearchOptions> options)
{
    public static CsvLimits Limits => CsvLimits.Default;

    /// <summary>Longest labelColumn an upload may name (it is stored with the dataset).</summary>
    public const int MaxLabelColumnLength = 200;

    /// <param name="owner">Only this owner's uploads (besides the built-in sets); null: every upload.</param>
    public async Task<IReadOnlyList<DatasetListing>> ListAsync(string? owner, CancellationToken ct)
    {
        var list = datasets.Catalog.List()
            .Select(d => new DatasetListing(d.Name, d.Kind.ToString().ToLowerInvariant(), d.Samples, d.Features, d.Classes, d.Available, d.Message, d.Description))
            .ToList();
        foreach (var d in await store.ListDatasetsAsync(ct))
        {
            if ((owner is null || d.Owner == owner) && list.All(x => x.Name != d.Name))
            {
                list.Add(Uploaded(d.Name, d.Samples, d.Features, d.Classes, d.Bytes, d.LabelColumn));
            }
        }

        return list;
    }

    /// <summary>
    /// Parses and stores an uploaded CSV under <paramref name="name"/> (lower-cased: names are
    /// case-insensitive). <paramref name="labelColumn"/> null means the default, "label"; given, it
    /// must not be blank, longer than <see cref="MaxLabelColumnLength"/> or hold a NUL. Throws
    /// <see cref="SpecValidationException"/> naming "name", "labelColumn" or "file" when anything is
    /// wrong; nothing is stored then.
    /// </summary>
    public async Task<DatasetListing> UploadAsync(string? name, string? labelColumn, string? fileName, byte[] content, string? owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (name is not null && name.Contains('\0', StringComparison.Ordinal))
        {
            throw SpecValidationException.For("name", "The name contains a NUL character; use 1-64 characters of a-z, 0-9, '.', '_' and '-'.");
        }

        var key = DatasetCatalog.CanonicalName(name);
        if (!DatasetCatalog.IsValidUploadName(key, out var nameError))
        {
            throw SpecValidationException.For("name", nameError!);
        }

        var label = CheckLabelColumn(labelColumn);
        if (content.Length == 0)
        {
            throw SpecValidationException.For("file", "Attach the CSV as the form field 'file'.");
        }

        if (content.Length > Limits.MaxBytes)
        {
            throw SpecValidationException.For("file", $"The file has {content.Length} bytes; the limit is {Limits.MaxBytes}.");
        }

        RawDataset parsed;
        try
        {
            parsed = CsvDatasetParser.Parse(content, label, Limits, fileName);
        }
        catch (DatasetFormatException ex)
        {
            throw SpecValidationException.For("file", ex.Message);
        }

        // hardening: the uploads kept in the store (every process's) stay within a total byte quota.
        var quota = options.Value.MaxUploadTotalBytes;
        var used = (await store.ListDatasetsAsync(ct)).Sum(d => (long)d.Bytes);
        if (used + content.Length > quota)
        {
            throw SpecValidationException.For(
                "file",
                $"Uploads already hold {used} bytes; this file's {content.Length} would pass the quota of {quota} bytes (HyperSearch__MaxUploadTotalBytes). Delete an upload first.");
        }

        var record = new DatasetRecord(Guid.NewGuid(), key, label, parsed.Count, parsed.FeatureCount, parsed.ClassCount, content.Length, time.GetUtcNow(), content, owner);
        if (!await store.TryAddDatasetAsync(record, ct))
        {
            throw SpecValidationException.For("name", $"A dataset named '{key}' exists or existed (names of deleted uploads are not reused, so no worker can train on a stale copy); choose another name.");
        }

        return Uploaded(key, parsed.Count, parsed.FeatureCount, parsed.ClassCount, content.Length, label);
    }

    /// <summary>
    /// Deletes an upload (any spelling of its name: names are case-insensitive) unless a queued or
    /// running search trains on it. Searches are matched case-insensitively here, because a search's
    /// stored dataset keeps the spelling it was submitted with ("BUSY" for the upload "busy"); the
    /// store then re-checks, in the delete statement itself, for searches that name it canonically.
    /// </summary>
    /// <param name="owner">When not null, another owner's upload is <see cref="DatasetDeletion.NotFound"/> (ids do not leak).</param>
    public async Task<DatasetDeletion> DeleteAsync(string name, string? owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = DatasetCatalog.CanonicalName(name);
        if (DatasetCatalog.BuiltInNames.Contains(key, StringComparer.Ordinal))
        {
            return DatasetDeletion.BuiltIn;
        }

        if (key.Length == 0 || await store.GetDatasetAsync(key, ct) is not { } upload || (owner is not null && upload.Owner != owner))
        {
            return DatasetDeletion.NotFound;
        }

        var active = await store.ListActiveSearchesAsync(ct);
        if (active.Any(s => DatasetCatalog.CanonicalName(s.Dataset) == key) || !await store.TryRemoveDatasetAsync(key, ct))
        {
            return DatasetDeletion.InUse;
        }

        // This process drops its parsed copy; other worker processes drop theirs when they restart.
        cache.Evict(key);
        cache.Catalog.RemoveUpload(key);
        return DatasetDeletion.Deleted;
    }

    private static string CheckLabelColumn(string? labelColumn)
    {
        if (labelColumn is null)
        {
            return CsvDatasetParser.DefaultLabelColumn;
        }

        if (string.IsNullOrWhiteSpace(labelColumn))
        {
            throw SpecValidationException.For("labelColumn", $"'labelColumn' is blank; give the header of the CSV's label column, or leave the field out to use '{CsvDatasetParser.DefaultLabelColumn}'.");
        }

        if (labelColumn.Length > MaxLabelColumnLength)
        {
            throw SpecValidationException.For("labelColumn", $"'labelColumn' has {labelColumn.Length} characters; at most {MaxLabelColumnLength} are allowed.");
        }

        if (labelColumn.Contains('\0', StringComparison.Ordinal))
        {
            throw SpecValidationException.For("labelColumn", "'labelColumn' contains a NUL character, which cannot be stored; remove it.");
        }

        return labelColumn;
    }

    private static DatasetListing Uploaded(string name, int samples, int features, int classes, long bytes, string labelColumn) =>
        new(name, "csv", samples, features, classes, true, null, $"Uploaded CSV ({bytes} bytes, label column '{labelColumn}').");
}
