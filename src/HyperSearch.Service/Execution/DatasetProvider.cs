using HyperSearch.Data;
using HyperSearch.Search;
using HyperSearch.Service.Specs;
using Microsoft.Extensions.Options;

namespace HyperSearch.Service.Execution;

/// <summary>
/// The service's door to the process-wide dataset cache: one prepared copy of each (dataset, sizes,
/// preprocessing, seed) serves every concurrent trial of the process. The split seed is the search
/// seed, so a comparison's two searches see the same split.
/// </summary>
public sealed class DatasetProvider(DatasetCache cache, StoreUploadedDatasetResolver uploads, IOptions<HyperSearchOptions> options)
{
    public DatasetCatalog Catalog => cache.Catalog;

    public DatasetCacheStats Stats => cache.GetStats();

    public static DatasetRequest ToRequest(DatasetSpec spec, int seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new DatasetRequest(DatasetCatalog.CanonicalName(spec.Name), spec.TrainSize, spec.ValidationSize, spec.Preprocessing, seed, spec.Split);
    }

    /// <summary>The prepared dataset, not held: the byte budget may evict it once the caller is done (benchmarks, one-off reads).</summary>
    public Task<PreparedDataset> GetAsync(DatasetSpec spec, int seed, CancellationToken ct) =>
        cache.GetPreparedAsync(ToRequest(spec, seed), ct);

    /// <summary>The prepared dataset, held in the cache (out of reach of its byte budget) until the lease is disposed.</summary>
    public Task<DatasetLease> AcquireAsync(DatasetSpec spec, int seed, CancellationToken ct) =>
        cache.AcquirePreparedAsync(ToRequest(spec, seed), ct);

    /// <summary>
    /// Checks the dataset part of a spec without loading data; problems go to <paramref name="errors"/>
    /// under "dataset.…". Names are case-insensitive (<see cref="DatasetCatalog.CanonicalName"/>); a
    /// blank one ("", "   ") is reported under "dataset.name" unless the parser already reported it.
    /// </summary>
    /// <param name="uploadsOf">
    /// Whose uploads the spec may name: null for any (admins; access control off), else only that owner's.
    /// Another owner's upload is reported exactly as a name that does not exist, so names do not leak.
    /// Built-in datasets are everyone's.
    /// </param>
    /// <param name="space">The spec's search space, when parsed: its conv and augmentation parameters are checked against the dataset's image shape, and its largest model against the per-trial size cap.</param>
    /// <param name="stages">The spec's stage count (refined stages can stretch integer ranges, see <see cref="ModelSizeValidation"/>).</param>
    public async Task ValidateAsync(DatasetSpec? spec, string? uploadsOf, ValidationErrors errors, CancellationToken ct, SearchSpace? space = null, int stages = 1)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (spec is null)
        {
            return; // already reported by the spec parser
        }

        var name = DatasetCatalog.CanonicalName(spec.Name);
        if (name.Length == 0)
        {
            var reported = errors.ToDictionary();
            if (!reported.ContainsKey("dataset") && !reported.ContainsKey("dataset.name"))
            {
                errors.Add("dataset.name", $"'dataset.name' is blank; name a dataset: {string.Join(", ", DatasetCatalog.BuiltInNames)} or an upload (GET /api/datasets lists them).");
            }

            return;
        }

        try
        {
            DatasetInfo info;
            try
            {
                info = cache.Catalog.Describe(name);
            }
            catch (UnknownDatasetException)
            {
                var upload = await uploads.DescribeAsync(name, uploadsOf, ct);
                if (upload is null)
                {
                    throw;
                }

                info = upload;
            }

            if (!info.Available)
            {
                errors.Add("dataset.name", $"Dataset '{info.Name}' is not available here: {info.Message}");
                return;
            }

            DatasetCatalog.ValidateRequest(info, ToRequest(spec, 0));
            ImageSpaceValidation.Check(space, info.Name, info.Shape, errors);
            ModelSizeValidation.Check(space, stages, info.Features, info.Classes, info.Shape, options.Value.ModelSizeLimits, errors);
        }
        catch (InvalidDatasetRequestException ex)
        {
            errors.Add(ex.Field, ex.Message);
        }
        catch (UnknownDatasetException ex)
        {
            errors.Add("dataset.name", ex.Message);
        }
    }
}
