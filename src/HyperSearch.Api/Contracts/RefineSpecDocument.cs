using System.ComponentModel;
using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>Coarse → fine: total stages (coarse included), top-K trials the next ranges come from, and each fine stage's trials (or gridPoints), epochs and scheduler.</summary>
public sealed record RefineSpecDocument
{
    [Description("Every stage, the coarse one included.")]
    [DefaultValue(2)]
    public int? Stages { get; init; }

    [Description("Best trials (by validation accuracy) the next stage's ranges come from.")]
    [DefaultValue(5)]
    public int? TopK { get; init; }

    [Description("Trials of each fine stage (sampled strategies). Default: the coarse stage's trials.")]
    public int? Trials { get; init; }

    [Description("Grid only: values per continuous parameter in each fine stage.")]
    public int? GridPoints { get; init; }

    [Description("Epochs per trial of each fine stage. Default: 3 × the coarse epochs.")]
    public int? Epochs { get; init; }

    [Description("Scheduler of the fine stages. Default: the coarse stage's, with maxEpochs = the fine epochs.")]
    public JsonElement? Scheduler { get; init; }
}
