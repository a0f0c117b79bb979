using System.ComponentModel;
using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// The body of <c>POST /api/searches</c> as documented in OpenAPI (the endpoint reads the JSON itself to
/// name every bad field; see docs/api.md and docs/search-spec.md). Every field but <c>dataset</c> is
/// optional; null means the same as leaving the field out. The defaults are the parser's
/// (<c>SearchSpecParser</c>).
/// </summary>
public sealed record SearchSpecDocument
{
    [Description("1–200 characters.")]
    [DefaultValue("search")]
    public string? Name { get; init; }

    [Description("Seeds the split, every sampler and every trial. Default: a random seed (stored with the search).")]
    public int? Seed { get; init; }

    [Description("Which dataset (GET /api/datasets lists them): a name, or an object with the split sizes and preprocessing.")]
    public required DatasetSpecDocument Dataset { get; init; }

    [Description("How configurations are sampled.")]
    [DefaultValue("random")]
    public string? Strategy { get; init; }

    [Description("When trials stop or are promoted (docs/search-spec.md, \"Schedulers\"). Default: none.")]
    public JsonElement? Scheduler { get; init; }

    [Description("Trials of the first (coarse) stage; not with strategy grid.")]
    [DefaultValue(20)]
    public int? Trials { get; init; }

    [Description("Grid only: values per continuous parameter (evenly spaced in its scale); categoricals contribute all their values.")]
    [DefaultValue(3)]
    public int? GridPoints { get; init; }

    [Description("Epochs per trial in the first stage.")]
    [DefaultValue(1)]
    public int? Epochs { get; init; }

    [Description("The search space: parameter name → range, list or fixed value. Parameters left out keep their defaults.")]
    public JsonElement? Space { get; init; }

    [Description("Coarse → fine refinement. Default: none (one stage).")]
    public RefineSpecDocument? Refine { get; init; }

    [Description("A trial is overfit when trainAccuracy − validationAccuracy exceeds this.")]
    [DefaultValue(0.1)]
    public double? OverfitGap { get; init; }

    [Description("Start from an earlier search's results (docs/search-spec.md, \"Warm start\"). Default: none.")]
    public WarmStartDocument? WarmStart { get; init; }

    // Its schema (true, false or "gate", default true) comes from ComponentSchemasTransformer: a [DefaultValue] on a JsonElement breaks the document.
    public JsonElement? SanityChecks { get; init; }

    // Its schema (an array of the prunable diagnosis labels) comes from ComponentSchemasTransformer.
    public IReadOnlyList<string>? PruneOn { get; init; }
}
