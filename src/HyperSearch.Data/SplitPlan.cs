using HyperSearch.Core;
using System.Globalization;

namespace HyperSearch.Data;

/// <summary>
/// A <see cref="DatasetRequest"/> with every default filled in and every size checked against the
/// source. Two requests that resolve to the same plan share one prepared copy in the cache.
/// </summary>
internal sealed record SplitPlan(
    string Name,
    SplitMode Mode,
    int TrainSize,
    int ValidationSize,
    PreprocessingMode Preprocessing,
    long Seed)
{
    /// <summary>Sources without an official test set give this fraction of their rows to a fixed test split.</summary>
    public const double CarvedTestFraction = 0.2;

    /// <summary>Default validation is 20 % of the training part, capped here (the reference workload's 10,000).</summary>
    public const int MaxDefaultValidation = 10_000;

    /// <summary>
    /// The carved test split is chosen with this fixed seed, not the request's, so every search over
    /// a dataset reports on the same held-out rows.
    /// </summary>
    public const long TestCarveSeed = 0x7E57_CA2E_D5EE_D001;

    /// <summary>The cache key; the ordered split ignores the seed, so it is left out and trials with different seeds share.</summary>
    public string Key => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}|{Mode}|train={TrainSize}|val={ValidationSize}|{Data.Preprocessing.ToName(Preprocessing)}|seed={(Mode == SplitMode.Shuffled ? Seed : 0)}");

    /// <summary>Rows given to the carved test split of a source of <paramref name="total"/> rows without an official test set.</summary>
    public static int CarvedTestCount(int total) => total < 10 ? 0 : (int)Math.Round(total * CarvedTestFraction);

    public static SplitMode DefaultMode(DatasetKind kind) => kind == DatasetKind.Images ? SplitMode.Ordered : SplitMode.Shuffled;

    public static SplitMode ParseMode(string? split, DatasetKind kind) => split switch
    {
        null => DefaultMode(kind),
        Splits.Ordered => SplitMode.Ordered,
        Splits.Shuffled => SplitMode.Shuffled,
        _ => throw new InvalidDatasetRequestException(Splits.All.Field, Splits.All.Unknown(split)),
    };

    /// <summary>Fills defaults and validates sizes against <paramref name="poolSize"/> rows available for train + validation.</summary>
    public static SplitPlan Resolve(string name, DatasetKind kind, int poolSize, DatasetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var preprocessing = Data.Preprocessing.Parse(request.Preprocessing);
        var mode = ParseMode(request.Split, kind);
        CheckPositive(request.TrainSize, "dataset.trainSize");
        CheckPositive(request.ValidationSize, "dataset.validationSize");
        if (poolSize < 2)
        {
            throw new InvalidDatasetRequestException("dataset.name", $"Dataset '{name}' has {poolSize} rows for training and validation; at least 2 are needed.");
        }

        var validation = request.ValidationSize
            ?? (request.TrainSize is { } t ? poolSize - t : Math.Clamp((int)Math.Round(poolSize * 0.2), 1, MaxDefaultValidation));
        var train = request.TrainSize ?? (poolSize - validation);
        if (train < 1)
        {
            throw new InvalidDatasetRequestException(
                "dataset.trainSize",
                $"dataset.validationSize {validation} leaves no rows for training: dataset '{name}' has {poolSize} rows for training and validation.");
        }

        if (validation < 1)
        {
            throw new InvalidDatasetRequestException(
                "dataset.validationSize",
                $"dataset.trainSize {train} leaves no rows for validation: dataset '{name}' has {poolSize} rows for training and validation.");
        }

        if ((long)train + validation > poolSize)
        {
            var field = request.TrainSize is null ? "dataset.validationSize" : request.ValidationSize is null ? "dataset.trainSize" : "dataset.trainSize";
            throw new InvalidDatasetRequestException(
                field,
                $"dataset.trainSize {train} + dataset.validationSize {validation} = {(long)train + validation} exceeds the {poolSize} rows dataset '{name}' has for training and validation.");
        }

        return new SplitPlan(name, mode, train, validation, preprocessing, request.Seed);
    }

    private static void CheckPositive(int? size, string field)
    {
        if (size is < 1)
        {
            throw new InvalidDatasetRequestException(field, $"{field} must be at least 1; it is {size}.");
        }
    }
}
