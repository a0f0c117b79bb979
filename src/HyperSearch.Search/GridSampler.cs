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

    /// <summary>
    /// The number of grid points (saturating at <see cref="long.MaxValue"/>). A parameter multiplies the grid
    /// only where it is active: momentum's values count under sgd_momentum, not under adam.
    /// </summary>
    public long? Size(SearchSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var counts = Counts(space);
        var parents = Parents(space);
        if (parents.Count == 0)
        {
            return Product(counts.Select(c => (long)c));
        }

        // Walk the combinations of the parents only (few values each); below them every active child multiplies.
        long total = 0;
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var active = new Dictionary<string, bool>(StringComparer.Ordinal);
        var order = space.BuildOrder.Where(parents.Contains).ToList();
        void Walk(int depth)
        {
            if (total == long.MaxValue)
            {
                return;
            }

            if (depth == order.Count)
            {
                long leaf = 1;
                for (var d = 0; d < space.Names.Count; d++)
                {
                    var name = space.Names[d];
                    if (!parents.Contains(name) && SearchSpaceConditions.IsActive(space, name, values, active))
                    {
                        leaf = Product([leaf, counts[d]]);
                    }
                }

                total = leaf > long.MaxValue - total ? long.MaxValue : total + leaf;
                return;
            }

            var parent = order[depth];
            var axis = space.Parameters[parent].GridValues(PointsFor(parent));
            var isActive = SearchSpaceConditions.IsActive(space, parent, values, active);
            active[parent] = isActive;
            foreach (var value in isActive ? axis : axis.Take(1))
            {
                values[parent] = value;
                Walk(depth + 1);
            }

            values.Remove(parent);
            active.Remove(parent);
        }

        Walk(0);
        return total;
    }

    public IReadOnlyList<Hyperparameters> Sample(SearchSpace space, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var size = Size(space) ?? 0;
        if (size > MaxGridSize)
        {
            var counts = Counts(space);
            throw new SearchSpaceException("gridPoints",
                $"The grid has {size} points ({string.Join(" × ", counts.Select((c, i) => $"{space.Names[i]} {c}"))}{(Parents(space).Count > 0 ? ", where active" : "")}), over the limit of {MaxGridSize}; lower gridPoints or fix some parameters.");
        }

        var axes = Axes(space);
        var take = (int)Math.Min(count, size);
        var trials = new List<Hyperparameters>(take);

        // Depth-first in dependency order, the last dimension varying fastest (canonical order when nothing
        // depends on a later parameter). An inactive dimension takes one placeholder value, so each distinct
        // trial appears once.
        var order = space.BuildOrder.Select(n => IndexOf(space, n)).ToArray();
        var drawn = new object[axes.Count];
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var active = new Dictionary<string, bool>(StringComparer.Ordinal);
        void Walk(int depth)
        {
            if (trials.Count == take)
            {
                return;
            }

            if (depth == order.Length)
            {
                trials.Add(space.Build(drawn));
                return;
            }

            var d = order[depth];
            var name = space.Names[d];
            var isActive = SearchSpaceConditions.IsActive(space, name, values, active);
            active[name] = isActive;
            foreach (var value in isActive ? axes[d] : axes[d].Take(1))
            {
                drawn[d] = value;
                values[name] = value;
                Walk(depth + 1);
                if (trials.Count == take)
                {
                    break;
                }
            }

            values.Remove(name);
            active.Remove(name);
        }

        if (take > 0)
        {
            Walk(0);
        }

        return trials;
    }

    // Parameters of the space that decide whether another of its parameters applies.
    private static HashSet<string> Parents(SearchSpace space) =>
        space.Names.SelectMany(n => SearchSpaceConditions.ConditionParents(space, n)).Where(space.Parameters.ContainsKey).ToHashSet(StringComparer.Ordinal);

    private static int IndexOf(SearchSpace space, string name)
    {
        for (var i = 0; i < space.Names.Count; i++)
        {
            if (space.Names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "Not in the space.");
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
