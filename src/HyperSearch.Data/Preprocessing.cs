using HyperSearch.Core;

namespace HyperSearch.Data;

/// <summary>
/// The spec's <see cref="Preprocessings"/> names as <see cref="PreprocessingMode"/>: exactly the names
/// the REST parser accepts and stores (no aliases), so a spec means one thing everywhere.
/// </summary>
public static class Preprocessing
{
    /// <summary>Added to the standard deviation so constant features (e.g. always-black border pixels) do not divide by zero.</summary>
    public const double Epsilon = 1e-6;

    public static bool TryParse(string? name, out PreprocessingMode mode)
    {
        (var known, mode) = name switch
        {
            Preprocessings.None => (true, PreprocessingMode.None),
            Preprocessings.ZeroCenter => (true, PreprocessingMode.ZeroCenter),
            Preprocessings.Standardize => (true, PreprocessingMode.Standardize),
            _ => (false, default),
        };
        return known;
    }

    /// <summary>Parses a spec value; throws an error naming <c>dataset.preprocessing</c> and the valid names.</summary>
    public static PreprocessingMode Parse(string? name) =>
        TryParse(name, out var mode)
            ? mode
            : throw new InvalidDatasetRequestException(Preprocessings.All.Field, Preprocessings.All.Unknown(name));

    public static string ToName(PreprocessingMode mode) => mode switch
    {
        PreprocessingMode.None => Preprocessings.None,
        PreprocessingMode.ZeroCenter => Preprocessings.ZeroCenter,
        PreprocessingMode.Standardize => Preprocessings.Standardize,
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
