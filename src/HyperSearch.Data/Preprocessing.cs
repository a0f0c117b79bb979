namespace HyperSearch.Data;

/// <summary>
/// The names the search spec stores for <see cref="PreprocessingMode"/> ("none", "zero-center",
/// "standardize"); British spellings are accepted on input, the canonical name is what is stored.
/// </summary>
public static class Preprocessing
{
    public const string None = "none";
    public const string ZeroCenter = "zero-center";
    public const string Standardize = "standardize";

    /// <summary>Added to the standard deviation so constant features (e.g. always-black border pixels) do not divide by zero.</summary>
    public const double Epsilon = 1e-6;

    public static IReadOnlyList<string> Names { get; } = [None, ZeroCenter, Standardize];

    public static bool TryParse(string? name, out PreprocessingMode mode)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case None:
                mode = PreprocessingMode.None;
                return true;
            case ZeroCenter or "zero-centre" or "zerocenter" or "center" or "centre":
                mode = PreprocessingMode.ZeroCenter;
                return true;
            case Standardize or "standardise" or "normalize" or "normalise":
                mode = PreprocessingMode.Standardize;
                return true;
            default:
                mode = default;
                return false;
        }
    }

    /// <summary>Parses a spec value; throws an error naming <c>dataset.preprocessing</c> and the valid names.</summary>
    public static PreprocessingMode Parse(string? name) =>
        TryParse(name, out var mode)
            ? mode
            : throw new InvalidDatasetRequestException(
                "dataset.preprocessing",
                $"dataset.preprocessing '{name}' is not known; use one of {string.Join(", ", Names.Select(n => $"'{n}'"))}.");

    public static string ToName(PreprocessingMode mode) => mode switch
    {
        PreprocessingMode.None => None,
        PreprocessingMode.ZeroCenter => ZeroCenter,
        PreprocessingMode.Standardize => Standardize,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
