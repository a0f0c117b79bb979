using System.ComponentModel;
using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// The body of <c>POST /api/searches/{id}/stages</c>: one more stage (docs/api.md, "Extending a search"). Every
/// field is optional; null means the same as leaving it out. The endpoint reads the JSON itself to name every
/// bad field (<c>SearchSpecParser.ParseExtension</c>).
/// </summary>
public sealed record StageExtensionDocument
{
    [Description("How the stage's configurations are sampled. Default: the search's strategy.")]
    public string? Strategy { get; init; }

    [Description("Trials of the stage (sampled strategies; not with grid). Default: the last stage's trials.")]
    public int? Trials { get; init; }

    [Description("Grid only: values per continuous parameter. Default: the search's gridPoints, or 3.")]
    public int? GridPoints { get; init; }

    [Description("Epochs per trial. Default: the last stage's epochs (under ASHA: the scheduler's maxEpochs).")]
    public int? Epochs { get; init; }

    [Description("When the stage's trials stop or are promoted. Default: none.")]
    public JsonElement? Scheduler { get; init; }

    [Description("The stage's whole search space, as in a submit (changed or widened ranges). Default: the last stage's space refined around the search's best trials of every stage, as coarse → fine does.")]
    public JsonElement? Space { get; init; }

    [Description("Best trials (by validation accuracy, over every stage) the refined space covers, when no space is given. Default: the search's refine.topK, or 5.")]
    public int? TopK { get; init; }
}
