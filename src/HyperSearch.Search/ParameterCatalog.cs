namespace HyperSearch.Search;

/// <summary>The table of known parameters, in <see cref="ParameterNames.All"/> order.</summary>
internal static class ParameterCatalog
{
    public static IReadOnlyList<ParameterInfo> All { get; } =
    [
        // Log by default: the lecture's lr = 10^uniform(-6, -3); λ likewise spans decades.
        new(ParameterNames.LearningRate, ParameterKind.Float, ParameterScale.Log),
        new(ParameterNames.Regularization, ParameterKind.Float, ParameterScale.Log),
        new(ParameterNames.HiddenLayers, ParameterKind.Layers, ParameterScale.Linear),
        new(ParameterNames.Depth, ParameterKind.Int, ParameterScale.Linear),
        new(ParameterNames.Width, ParameterKind.Int, ParameterScale.Linear),
        new(ParameterNames.Activation, ParameterKind.String, ParameterScale.Linear, Activations.All),
        new(ParameterNames.WeightInit, ParameterKind.String, ParameterScale.Linear, WeightInits.All),
        new(ParameterNames.BatchNorm, ParameterKind.Bool, ParameterScale.Linear),
        new(ParameterNames.Optimizer, ParameterKind.String, ParameterScale.Linear, Optimizers.All),
        new(ParameterNames.BatchSize, ParameterKind.Int, ParameterScale.Linear),
        new(ParameterNames.Dropout, ParameterKind.Float, ParameterScale.Linear),
        new(ParameterNames.Momentum, ParameterKind.Float, ParameterScale.Linear),
        new(ParameterNames.LearningRateDecay, ParameterKind.String, ParameterScale.Linear, LearningRateDecays.All),
        new(ParameterNames.DecayRate, ParameterKind.Float, ParameterScale.Linear),
        new(ParameterNames.LeakySlope, ParameterKind.Float, ParameterScale.Linear),
        new(ParameterNames.MaxoutPieces, ParameterKind.Int, ParameterScale.Linear),
    ];

    private static readonly Dictionary<string, ParameterInfo> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out ParameterInfo info) => ByName.TryGetValue(name, out info!);

    public static ParameterInfo Get(string name) =>
        ByName.TryGetValue(name, out var info) ? info : throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown parameter.");

    private static readonly Dictionary<string, int> OrderByName =
        ParameterNames.All.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);

    public static int Order(string name) => OrderByName[name];

    /// <summary>The known name closest to a misspelt one (edit distance, case-insensitive), if any is close.</summary>
    public static string? Suggest(string name)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in ParameterNames.All)
        {
            var distance = EditDistance(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        // Past half the word the "suggestion" is noise (e.g. "foo" → "depth").
        return bestDistance <= Math.Max(2, name.Length / 2) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
