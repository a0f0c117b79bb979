using System.ComponentModel;
using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// The body of <c>POST /api/comparisons</c>: a search spec without <c>strategy</c> and <c>refine</c>
/// (random and grid both run, one stage each) and with a <c>budget</c> of trials per strategy.
/// </summary>
public sealed record ComparisonSpecDocument
{
    [Description("1–200 characters.")]
    [DefaultValue("search")]
    public string? Name { get; init; }

    [Description("Seeds the split, the samplers and every trial of every arm. Default: a random seed.")]
    public int? Seed { get; init; }

    [Description("Which dataset (GET /api/datasets lists them): a name, or an object with the split sizes and preprocessing.")]
    public required DatasetSpecDocument Dataset { get; init; }

    [Description("Trials each strategy may use (the grid gets the closest grid size that fits).")]
    public required int Budget { get; init; }

    [Description("Scheduler of the random and grid arms. Default: none.")]
    public JsonElement? Scheduler { get; init; }

    [Description("Epochs per trial.")]
    [DefaultValue(1)]
    public int? Epochs { get; init; }

    [Description("The search space both strategies sample.")]
    public JsonElement? Space { get; init; }

    [Description("At most one more arm beside random and grid, e.g. random + ASHA.")]
    public IReadOnlyList<ComparisonArmDocument>? Arms { get; init; }

    [Description("A trial is overfit when trainAccuracy − validationAccuracy exceeds this.")]
    [DefaultValue(0.1)]
    public double? OverfitGap { get; init; }

    // Its schema (true, false or "gate", default true) comes from ComponentSchemasTransformer: a [DefaultValue] on a JsonElement breaks the document.
    public JsonElement? SanityChecks { get; init; }

    // Its schema (an array of the prunable diagnosis labels) comes from ComponentSchemasTransformer.
    public IReadOnlyList<string>? PruneOn { get; init; }
}
