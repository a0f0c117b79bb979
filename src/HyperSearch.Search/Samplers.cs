namespace HyperSearch.Search;

/// <summary>Sampler names as they appear in the spec's "strategy", and a factory over them.</summary>
public static class Samplers
{
    public const string Random = "random";
    public const string Grid = "grid";
    public const string Sobol = "sobol";

    public static IReadOnlyList<string> All { get; } = [Random, Grid, Sobol];

    /// <summary>Creates the named sampler; <paramref name="gridPoints"/> is only read by the grid.</summary>
    public static ISampler Create(string strategy, long seed, int gridPoints = 3, SearchLimits? limits = null) => strategy switch
    {
        Random => new RandomSampler(seed),
        Grid => new GridSampler(gridPoints, maxGridSize: (limits ?? SearchLimits.Default).MaxGridSize),
        Sobol => new SobolSampler(seed),
        _ => throw new SearchSpaceException("strategy", $"Unknown strategy \"{strategy}\"; allowed: {string.Join(", ", All)}."),
    };
}
