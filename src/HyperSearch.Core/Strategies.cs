namespace HyperSearch.Core;

/// <summary>How a stage's configurations are sampled: the spec's "strategy".</summary>
public static class Strategies
{
    public const string Random = "random";
    public const string Grid = "grid";
    public const string Sobol = "sobol";

    /// <summary>Tree-structured Parzen Estimator: proposes each trial from the results so far, when a worker claims it.</summary>
    public const string Tpe = "tpe";

    public static Vocabulary All { get; } = new("strategy", Random, Grid, Sobol, Tpe);
}
