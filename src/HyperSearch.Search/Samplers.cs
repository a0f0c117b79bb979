using HyperSearch.Core;

namespace HyperSearch.Search;

/// <summary>Sampler names as they appear in the spec's "strategy", and a factory over them.</summary>
public static class Samplers
{
    public const string Random = Strategies.Random;
    public const string Grid = Strategies.Grid;
    public const string Sobol = Strategies.Sobol;
    public const string Tpe = Strategies.Tpe;

    public static IReadOnlyList<string> All => Strategies.All.Names;

    /// <summary>Creates the named sampler; <paramref name="gridPoints"/> is only read by the grid.</summary>
    public static ISampler Create(string strategy, long seed, int gridPoints = 3, SearchLimits? limits = null) => strategy switch
    {
        Random => new RandomSampler(seed),
        Grid => new GridSampler(gridPoints, maxGridSize: (limits ?? SearchLimits.Default).MaxGridSize),
        Sobol => new SobolSampler(seed),
        Tpe => throw new ArgumentException("TPE proposes one trial at a time from results (Tpe.TpeSampler.Propose), not a plan.", nameof(strategy)),
        _ => throw new SearchSpaceException("strategy", $"Unknown strategy \"{strategy}\"; allowed: {string.Join(", ", All)}."),
    };
}
