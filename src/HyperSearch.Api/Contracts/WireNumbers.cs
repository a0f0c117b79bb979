namespace HyperSearch.Api.Contracts;

/// <summary>
/// The API writes JSON numbers strictly (no "NaN"/"Infinity" strings, which generated clients cannot
/// parse as numbers): a value that is not finite goes on the wire as null.
/// </summary>
public static class WireNumbers
{
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;

    public static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
