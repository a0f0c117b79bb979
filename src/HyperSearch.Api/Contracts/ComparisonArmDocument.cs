using System.ComponentModel;
using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>An extra comparison arm: a sampler with a scheduler, on the same space, split, seed and epoch budget as random and grid.</summary>
public sealed record ComparisonArmDocument
{
    [Description("The arm's label. Default: strategy+scheduler kind.")]
    public string? Name { get; init; }

    [Description("How the arm samples configurations: random, sobol or tpe (with its default settings; grid already runs).")]
    [DefaultValue("random")]
    public string? Strategy { get; init; }

    [Description("When the arm's trials stop or are promoted.")]
    public JsonElement? Scheduler { get; init; }
}
