namespace HyperSearch.Search;

/// <summary>
/// Gives grid and random search the same number of trials for a comparison. Random simply runs N
/// trials; the grid gets per-dimension point counts whose product is the largest possible ≤ N.
/// </summary>
public static class EqualBudget
{
    /// <summary>
    /// Chooses points per dimension so the grid's size is the largest ≤ <paramref name="budget"/>
    /// (and ≤ <paramref name="maxGridSize"/>). Lists contribute all their values; among allocations of
    /// equal size the most balanced wins (9 over two ranges is 3 × 3, not 9 × 1). Integer ranges never
    /// get more points than they have distinct grid values.
    /// </summary>
    /// <exception cref="SearchSpaceException">Key "budget": the lists alone already exceed the budget.</exception>
    public static GridAllocation ForGrid(SearchSpace space, int budget, int maxGridSize = 10_000)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);

        var lists = space.Names.Where(n => space.Parameters[n] is CategoricalDistribution).ToList();
        var fixedProduct = GridSampler.Product(lists.Select(n => space.Parameters[n].Cardinality!.Value));
        var limit = Math.Min(budget, maxGridSize);
        if (fixedProduct > limit)
        {
            var factors = string.Join(" × ", lists.Where(n => space.Parameters[n].Cardinality > 1).Select(n => $"{n} {space.Parameters[n].Cardinality}"));
            throw new SearchSpaceException("budget",
                $"A budget of {limit} trials cannot hold one grid: the listed values alone make {fixedProduct} combinations ({factors}), even with one point per range. Raise the budget or list fewer values.");
        }

        var ranges = space.Names.Where(n => space.Parameters[n] is not CategoricalDistribution).ToList();
        var perRange = (int)(limit / fixedProduct);

        // Widest-capacity dimensions first: with counts non-increasing along this order, a count
        // sequence is feasible iff each count fits its own dimension's capacity.
        var caps = ranges.Select(n => (Name: n, Cap: Capacity(space.Parameters[n], perRange)))
            .OrderByDescending(r => r.Cap)
            .ThenBy(r => Parameters.Get(r.Name).Order)
            .ToList();

        var current = new int[caps.Count];
        var best = Enumerable.Repeat(1, caps.Count).ToArray();
        long bestProduct = 1;
        Search(0, int.MaxValue, 1);

        var points = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < caps.Count; i++)
        {
            points[caps[i].Name] = best[i];
        }

        return new GridAllocation(points, bestProduct * fixedProduct);

        // Enumerates non-increasing count sequences (products ≤ perRange are few: multiplicative partitions).
        void Search(int index, int previous, long product)
        {
            if (index == caps.Count)
            {
                if (product > bestProduct || (product == bestProduct && MoreBalanced(current, best)))
                {
                    bestProduct = product;
                    current.CopyTo(best, 0);
                }

                return;
            }

            var highest = (int)Math.Min(Math.Min(previous, caps[index].Cap), perRange / product);
            for (var count = highest; count >= 1; count--)
            {
                current[index] = count;
                Search(index + 1, count, product * count);
            }
        }
    }

    private static bool MoreBalanced(int[] candidate, int[] incumbent)
    {
        // Both non-increasing: lexicographically smaller means a smaller largest count.
        for (var i = 0; i < candidate.Length; i++)
        {
            if (candidate[i] != incumbent[i])
            {
                return candidate[i] < incumbent[i];
            }
        }

        return false;
    }

    private static int Capacity(Distribution distribution, int limit)
    {
        if (distribution is not IntDistribution range)
        {
            return limit;
        }

        var distinct = (int)Math.Min(range.Cardinality!.Value, limit);
        if (!range.IsLog)
        {
            // Evenly spaced with step ≥ 1 never rounds two points together.
            return distinct;
        }

        // Log spacing crowds the low end, so rounding can merge points before the range is used up.
        var capacity = 1;
        while (capacity < distinct && range.GridValues(capacity + 1).Count == capacity + 1)
        {
            capacity++;
        }

        return capacity;
    }
}
