using HyperSearch.Core;

namespace HyperSearch.Data;

/// <summary>
/// What a search spec says about its data (the <c>dataset</c> object). Null sizes and split take
/// per-source defaults (see docs/datasets.md); strings are what the spec stores.
/// </summary>
/// <param name="Name">A catalog name: fashion-mnist, mnist, cifar10, spiral, blobs or an uploaded dataset.</param>
/// <param name="TrainSize">Training rows; default: what validation leaves of the training part.</param>
/// <param name="ValidationSize">Validation rows; default: 20 % of the training part, at most 10,000.</param>
/// <param name="Preprocessing">"none", "zero-center" or "standardize".</param>
/// <param name="Seed">Seeds the shuffled split; ignored by the ordered split.</param>
/// <param name="Split">"ordered" or "shuffled"; default ordered for image files, shuffled otherwise.</param>
public sealed record DatasetRequest(
    string Name,
    int? TrainSize = null,
    int? ValidationSize = null,
    string Preprocessing = Preprocessings.Default,
    long Seed = 0,
    string? Split = null);
