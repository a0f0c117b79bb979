using System.Text.Json.Nodes;

namespace HyperSearch.Search;

/// <summary>A continuous range [Min, Max], uniform in the value or (Log) in its logarithm.</summary>
public sealed record FloatDistribution(double Min, double Max, ParameterScale Scale = ParameterScale.Linear) : Distribution
{
    public bool IsLog => Scale == ParameterScale.Log;

    public override long? Cardinality => null;

    public override JsonNode ToJson() => new JsonObject
    {
        ["min"] = Min,
        ["max"] = Max,
        ["scale"] = ScaleNames.ToJson(Scale),
    };

    internal override object FromUnit(double u) => Math.Clamp(ScaleMath.FromUnit(Min, Max, Scale, u), Min, Max);

    internal override double ToUnit(object? value)
    {
        if (value is not double d || !(d >= Min && d <= Max))
        {
            return double.NaN;
        }

        var lo = ScaleMath.ToScale(Min, Scale);
        var hi = ScaleMath.ToScale(Max, Scale);
        return hi > lo ? Math.Clamp((ScaleMath.ToScale(d, Scale) - lo) / (hi - lo), 0, 1) : 0.5;
    }

    internal override int GridCount(int points) => Math.Max(points, 1);

    internal override IReadOnlyList<object> GridValues(int points)
    {
        if (points <= 1)
        {
            // One point: the centre in the parameter's own scale (geometric mean for log).
            return [ScaleMath.FromUnit(Min, Max, Scale, 0.5)];
        }

        var values = new object[points];
        for (var i = 0; i < points; i++)
        {
            // Endpoints written exactly, so exp(log(x)) rounding never leaves the range.
            values[i] = i == 0 ? Min : i == points - 1 ? Max : Math.Clamp(ScaleMath.FromUnit(Min, Max, Scale, (double)i / (points - 1)), Min, Max);
        }

        return values;
    }
}
