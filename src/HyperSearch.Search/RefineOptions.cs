namespace HyperSearch.Search;

/// <summary>Knobs of coarse → fine refinement; defaults follow CS231n lecture 6's advice.</summary>
public sealed record RefineOptions
{
    public static RefineOptions Default { get; } = new();

    /// <summary>How many of the best trials (by validation accuracy) the next stage's ranges must cover.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>Added beyond the top trials' values on each side, as a fraction of the old span (in the parameter's scale).</summary>
    public double Margin { get; init; } = 0.1;

    /// <summary>The best value counts as "at the edge" within this fraction of the old span from it.</summary>
    public double EdgeFraction { get; init; } = 0.1;

    /// <summary>How far past an edge the range moves, as a fraction of the old span.</summary>
    public double EdgeExtension { get; init; } = 0.5;

    /// <summary>
    /// Largest new span, as a fraction of the old, when the best is inside the range: a fine stage
    /// must actually be finer even when the top trials are spread out.
    /// </summary>
    public double MaxSpanFraction { get; init; } = 0.8;

    /// <summary>Narrow the continuous ranges per value of an interacting categorical (<see cref="Refiner.PerChoiceParents"/>) that keeps several values.</summary>
    public bool PerChoice { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TopK, 1, nameof(TopK));
        ArgumentOutOfRangeException.ThrowIfNegative(Margin, nameof(Margin));
        ArgumentOutOfRangeException.ThrowIfNegative(EdgeFraction, nameof(EdgeFraction));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(EdgeFraction, 0.5, nameof(EdgeFraction));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EdgeExtension, nameof(EdgeExtension));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxSpanFraction, nameof(MaxSpanFraction));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSpanFraction, 1, nameof(MaxSpanFraction));
    }
}
