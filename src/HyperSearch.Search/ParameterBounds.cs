using System.Globalization;

namespace HyperSearch.Search;

/// <summary>A hard limit on a numeric parameter; exclusive ends are for values that break training (decayRate 0).</summary>
public sealed record ParameterBounds(double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
{
    public bool Contains(double value) =>
        !double.IsNaN(value)
        && (MinExclusive ? value > Min : value >= Min)
        && (MaxExclusive ? value < Max : value <= Max);

    /// <summary>Interval notation, e.g. "(0, 1]", for error messages and docs.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(MinExclusive ? '(' : '[')}{Min:R}, {Max:R}{(MaxExclusive ? ')' : ']')}");
}
