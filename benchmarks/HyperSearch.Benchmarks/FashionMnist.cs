using HyperSearch.Core;
using HyperSearch.Data;
using HyperSearch.Engine;

namespace HyperSearch.Benchmarks;

/// <summary>
/// The reference workload's data (../shared/docs/reference-workload.md) through the product's own
/// dataset layer: the first 50,000 official training images for training, the last 10,000 for
/// validation, t10k as the test set; pixels standardised per pixel with the training split's mean and
/// (unbiased) std + 1e-6.
/// </summary>
internal static class FashionMnist
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public static (TrainingData Train, TrainingData Validation, TrainingData Test) Load()
    {
        var cache = new DatasetCache(new DatasetCatalog(new DatasetOptions()));
        var data = cache.GetPreparedAsync(new DatasetRequest(DatasetCatalog.FashionMnist, 50_000, 10_000, Preprocessings.Standardize))
            .GetAwaiter().GetResult();
        return (data.Train, data.Validation, data.Test!);
    }
}
