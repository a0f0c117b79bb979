namespace HyperSearch.Search;

/// <summary>
/// The cartesian product of per-dimension values: <c>gridPoints</c> evenly spaced values (in the
/// parameter's scale, endpoints included; one point is the centre) per continuous dimension, the same
/// rounded and de-duplicated for integer ranges, every value of a list. Enumerated in canonical
/// parameter order with the last parameter varying fastest. The grid is finite: <see cref="Size"/>
/// is known up front, and asking for more trials returns only <see cref="Size"/> of them.
/// </summary>
public sealed class GridSampler : ISampler
{
    private readonly Dictionary<string, int> _pointsPerParameter;

    /// <param name="gridPoints">Points per continuous dimension unless overridden per parameter.</param>
    /// <param name="pointsPerParameter">Per-parameter counts, e.g. from <see cref="EqualBudget.ForGrid"/>.</param>
    /// <param name="maxGridSize">Grids larger than this are rejected by <see cref="Sample"/>.</param>
    public GridSampler(int gridPoints = 3, IReadOnlyDictionary<string, int>? pointsPerParameter = null, int maxGridSize = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(gridPoints, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGridSize, 1);
        GridPoints = gridPoints;
        MaxGridSize = maxGridSize;
        _pointsPerParameter = new Dictionary<string, int>(pointsPerParameter ?? new Dictionary<string, int>(), StringComparer.Ordinal);
        foreach (var (name, points) in _pointsPerParameter)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(points, 1, $"{nameof(pointsPerParameter)}[{name}]");
        }
    }

    public string Name => Samplers.Grid;

    public int GridPoints { get; }

    public int MaxGridSize { get; }

    /// <summary>The values the grid takes along each dimension, in <see cref="SearchSpace.Names"/> order.</summary>
    public IReadOnlyList<IReadOnlyList<object>> Axes(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.Names
            .Select(name => space.Parameters[name].GridValues(PointsFor(name)))
            .ToArray();
    }

    private int[] Counts(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.Names.Select(name => space.Parameters[name].GridCount(PointsFor(name))).ToArray();
    }

    private int PointsFor(string name) => _pointsPerParameter.GetValueOrDefault(name, GridPoints);

    /// <summary>The number of grid points (saturating at <see cref="long.MaxValue"/>).</summary>
    public long? Size(SearchSpace space) => Product(Counts(space).Select(c => (long)c));

    public IReadOnlyList<Hyperparameters> Sample(SearchSpace space, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var counts = Counts(space);
        var size = Product(counts.Select(c => (long)c));
        if (size > MaxGridSize)
        {
            throw new SearchSpaceException("gridPoints",
                $"The grid has {size} points ({string.Join(" × ", counts.Select((c, i) => $"{space.Names[i]} {c}"))}), over the limit of {MaxGridSize}; lower gridPoints or fix some parameters.");
        }

        var axes = Axes(space);

        var take = (int)Math.Min(count, size);
        var trials = new Hyperparameters[take];
        var digits = new int[axes.Count];
        var values = new object[axes.Count];
        for (var t = 0; t < take; t++)
        {
            for (var d = 0; d < axes.Count; d++)
            {
                values[d] = axes[d][digits[d]];
            }

            trials[t] = space.Build(values);

            // Odometer increment: the last dimension varies fastest.
            for (var d = axes.Count - 1; d >= 0; d--)
            {
                if (++digits[d] < axes[d].Count)
                {
                    break;
                }

                digits[d] = 0;
            }
        }

        return trials;
    }

    internal static long Product(IEnumerable<long> counts)
    {
        long product = 1;
        foreach (var count in counts)
        {
            product = count != 0 && product > long.MaxValue / count ? long.MaxValue : product * count;
        }

        return product;
    }
}
