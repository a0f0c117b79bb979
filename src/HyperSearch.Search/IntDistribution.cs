using System.Text.Json.Nodes;

namespace HyperSearch.Search;

/// <summary>An integer range [Min, Max] (both inclusive), uniform per integer or (Log) in the logarithm.</summary>
public sealed record IntDistribution(int Min, int Max, ParameterScale Scale = ParameterScale.Linear) : Distribution
{
    public bool IsLog => Scale == ParameterScale.Log;

    public override long? Cardinality => (long)Max - Min + 1;

    public override JsonNode ToJson() => new JsonObject
    {
        ["min"] = Min,
        ["max"] = Max,
        ["scale"] = ScaleNames.ToJson(Scale),
    };

    internal override object FromUnit(double u)
    {
        // Widen by half a step each side so the end integers get a full share of the mass
        // (as Optuna does for log-int); min ≥ 1 for log keeps Min − 0.5 positive.
        var value = ScaleMath.FromUnit(Min - 0.5, Max + 0.5, Scale, u);
        return (int)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), Min, Max);
    }

    internal override double ToUnit(object? value) => value is int k && k >= Min && k <= Max ? UnitOf(k) : double.NaN;

    /// <summary>Where the number <paramref name="value"/> lies on <see cref="FromUnit"/>'s widened axis [Min − ½, Max + ½].</summary>
    internal double UnitOf(double value)
    {
        var lo = ScaleMath.ToScale(Min - 0.5, Scale);
        var hi = ScaleMath.ToScale(Max + 0.5, Scale);
        return (ScaleMath.ToScale(value, Scale) - lo) / (hi - lo);
    }

    internal override int GridCount(int points) => points >= Cardinality ? (int)Cardinality.Value : GridValues(points).Count;

    internal override IReadOnlyList<object> GridValues(int points)
    {
        if (points >= Cardinality)
        {
            // As many points as integers: every integer, even where log spacing would crowd them.
            return Enumerable.Range(Min, Max - Min + 1).Cast<object>().ToArray();
        }

        var values = new List<object>();
        var seen = new HashSet<int>();
        var count = Math.Max(points, 1);
        for (var i = 0; i < count; i++)
        {
            var u = count == 1 ? 0.5 : (double)i / (count - 1);
            var value = (int)Math.Clamp(Math.Round(ScaleMath.FromUnit(Min, Max, Scale, u), MidpointRounding.AwayFromZero), Min, Max);
            if (seen.Add(value))
            {
                values.Add(value);
            }
        }

        return values;
    }
}
