namespace HyperSearch.Search;

/// <summary>The one place the linear/log transform lives, so samplers and refinement agree.</summary>
internal static class ScaleMath
{
    public static double ToScale(double value, ParameterScale scale) => scale == ParameterScale.Log ? Math.Log(value) : value;

    public static double FromScale(double value, ParameterScale scale) => scale == ParameterScale.Log ? Math.Exp(value) : value;

    public static double FromUnit(double min, double max, ParameterScale scale, double u)
    {
        var lo = ToScale(min, scale);
        var hi = ToScale(max, scale);
        return FromScale(lo + (u * (hi - lo)), scale);
    }
}
