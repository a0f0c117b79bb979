namespace HyperSearch.Search;

/// <summary>
/// Limits on a whole space rather than one parameter (each parameter's hard limits are its
/// <see cref="ParameterDefinition.Bounds"/> in <see cref="Parameters"/>).
/// </summary>
public sealed record SearchLimits
{
    public static SearchLimits Default { get; } = new();

    /// <summary>Largest grid (cartesian product) a <see cref="GridSampler"/> will enumerate.</summary>
    public int MaxGridSize { get; init; } = 10_000;
}
