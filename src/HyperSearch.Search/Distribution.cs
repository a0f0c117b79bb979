using System.Text.Json.Nodes;

namespace HyperSearch.Search;

/// <summary>
/// How one parameter is drawn. Immutable and JSON round-trippable: a stage's space is stored and
/// shown as the JSON <see cref="ToJson"/> writes, and parsing that JSON gives an equal distribution.
/// Closed hierarchy (internal constructor): samplers rely on knowing every kind.
/// </summary>
public abstract record Distribution
{
    private protected Distribution()
    {
    }

    /// <summary>Number of distinct values, or null for a continuous range.</summary>
    public abstract long? Cardinality { get; }

    /// <summary>The canonical JSON form of this distribution (what the user would write).</summary>
    public abstract JsonNode ToJson();

    /// <summary>Maps a uniform u in [0, 1) to a value, honouring the scale; random and Sobol share it.</summary>
    internal abstract object FromUnit(double u);

    /// <summary>
    /// The inverse of <see cref="FromUnit"/> (TPE and importance fit their estimators in this unit space):
    /// the value's position in [0, 1], the centre of its cell for ints and list values, or NaN when the
    /// value is not one this distribution can give (another type, outside the range, not in the list).
    /// </summary>
    internal abstract double ToUnit(object? value);

    /// <summary>The grid's values along this dimension, in increasing order (or list order).</summary>
    internal abstract IReadOnlyList<object> GridValues(int points);

    /// <summary>How many values <see cref="GridValues"/> gives, without building them (grids are sized before they are built).</summary>
    internal abstract int GridCount(int points);
}
