using System.ComponentModel;

namespace HyperSearch.Api.Contracts;

/// <summary>Which dataset (GET /api/datasets), the split sizes, how the split is drawn, and the preprocessing.</summary>
public sealed record DatasetSpecDocument
{
    [Description("A dataset name from GET /api/datasets (case-insensitive).")]
    public required string Name { get; init; }

    [Description("Training rows. Default: 80 % of the training part.")]
    public int? TrainSize { get; init; }

    [Description("Validation rows. Default: 20 % of the training part (at most 10,000).")]
    public int? ValidationSize { get; init; }

    [Description("none, zero-center (subtract the training mean) or standardize (also divide by the training std).")]
    [DefaultValue("zero-center")]
    public string? Preprocessing { get; init; }

    [Description("ordered (first trainSize rows train, next validationSize validate) or shuffled (seeded by seed). Default: ordered for image sets, shuffled otherwise.")]
    public string? Split { get; init; }
}
