namespace HyperSearch.Search;

/// <summary>
/// Coarse → fine (CS231n lecture 6): stage k+1 searches where stage k's best trials were. Ranges
/// shrink to cover the top-K values plus a margin, in log space for log parameters; when the best
/// value sits at an edge (within <see cref="RefineOptions.EdgeFraction"/> of the span) the optimum may
/// lie beyond it, so the range moves past that edge instead. Results stay inside the hard limits and
/// never invert; lists keep the values seen among the top-K; fixed parameters stay fixed.
/// </summary>
public static class Refiner
{
    public static RefinementResult Refine(SearchSpace space, IEnumerable<TrialOutcome> trials, RefineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trials);
        options ??= RefineOptions.Default;
        options.Validate();

        // Ties go to the earlier trial, so the result does not depend on the caller's list order.
        var top = trials
            .Where(t => t.ValidationAccuracy is { } accuracy && double.IsFinite(accuracy))
            .OrderByDescending(t => t.ValidationAccuracy)
            .ThenBy(t => t.Index)
            .Take(options.TopK)
            .ToList();

        var changes = new Dictionary<string, RangeChange>(StringComparer.Ordinal);
        if (top.Count == 0)
        {
            // Nothing succeeded: there is no evidence to narrow on, so the next stage repeats the space.
            foreach (var name in space.Names)
            {
                changes[name] = RangeChange.Kept;
            }

            return new RefinementResult(space, changes, top);
        }

        var refined = new List<KeyValuePair<string, Distribution>>();
        foreach (var name in space.Names)
        {
            var distribution = space.Parameters[name];
            // A conditional parameter is refined from the top trials it was active in.
            var active = top.Where(t => t.Hyperparameters.IsActive(name)).ToList();
            var values = active.Select(t => t.Hyperparameters.Get(name)).Where(v => v is not null).Select(v => v!).ToList();
            var bestValue = active.Count > 0 ? active[0].Hyperparameters.Get(name) : null;
            (Distribution Next, RangeChange Change) result = distribution switch
            {
                _ when values.Count == 0 || bestValue is null => (distribution, RangeChange.Kept),
                CategoricalDistribution c => RefineChoices(c, values),
                FloatDistribution f => RefineFloat(name, f, values.Select(Convert.ToDouble).ToList(), Convert.ToDouble(bestValue), options),
                IntDistribution i => RefineInt(name, i, values.Select(Convert.ToDouble).ToList(), Convert.ToDouble(bestValue), options),
                _ => (distribution, RangeChange.Kept),
            };
            refined.Add(new(name, result.Next));
            changes[name] = result.Change;
        }

        return new RefinementResult(SearchSpace.Create(refined), changes, top);
    }

    private static (Distribution, RangeChange) RefineChoices(CategoricalDistribution distribution, List<object> values)
    {
        var seen = new HashSet<object?>(values, ValueComparer.Instance);
        var kept = distribution.Choices.Where(seen.Contains).ToList();
        if (kept.Count == 0 || kept.Count == distribution.Choices.Count)
        {
            return (distribution, RangeChange.Kept);
        }

        return (new CategoricalDistribution(kept), RangeChange.Narrowed);
    }

    private static (Distribution, RangeChange) RefineFloat(string name, FloatDistribution range, List<double> values, double best, RefineOptions options)
    {
        var (lo, hi, change) = RefineInterval(range.Min, range.Max, range.Scale, values, best, options);
        var bounds = Parameters.Get(name).Bounds;
        (lo, hi) = ClampToBounds(lo, hi, best, range.Scale, bounds);
        return (new FloatDistribution(lo, hi, range.Scale), change);
    }

    private static (Distribution, RangeChange) RefineInt(string name, IntDistribution range, List<double> values, double best, RefineOptions options)
    {
        var (lo, hi, change) = RefineInterval(range.Min, range.Max, range.Scale, values, best, options);
        var bounds = Parameters.Get(name).Bounds;
        var floor = bounds is null ? int.MinValue : (int)Math.Ceiling(bounds.MinExclusive ? bounds.Min + 1 : bounds.Min);
        var ceiling = bounds is null ? int.MaxValue : (int)Math.Floor(bounds.MaxExclusive ? bounds.Max - 1 : bounds.Max);
        if (range.IsLog)
        {
            floor = Math.Max(floor, 1);
        }

        // Round outward so every top-K integer stays inside.
        var min = (int)Math.Clamp(Math.Floor(lo), floor, ceiling);
        var max = (int)Math.Clamp(Math.Ceiling(hi), floor, ceiling);
        if (min >= max)
        {
            if (max < ceiling)
            {
                max = min + 1;
            }
            else
            {
                min = max - 1;
            }
        }

        return (new IntDistribution(min, max, range.Scale), change);
    }

    /// <summary>The new interval in value space, before hard limits; all arithmetic in the parameter's scale.</summary>
    private static (double Lo, double Hi, RangeChange Change) RefineInterval(
        double min, double max, ParameterScale scale, List<double> values, double best, RefineOptions options)
    {
        var a = ScaleMath.ToScale(min, scale);
        var b = ScaleMath.ToScale(max, scale);
        var span = b - a;
        var scaled = values.Select(v => ScaleMath.ToScale(v, scale)).ToList();
        var tb = ScaleMath.ToScale(best, scale);
        var margin = options.Margin * span;

        var lo = Math.Max(scaled.Min() - margin, a);
        var hi = Math.Min(scaled.Max() + margin, b);
        var atLower = tb - a <= options.EdgeFraction * span;
        var atUpper = b - tb <= options.EdgeFraction * span;

        if (!atLower && !atUpper && hi - lo > options.MaxSpanFraction * span)
        {
            // The top trials are spread over most of the range: centre a narrower window on the best.
            var width = options.MaxSpanFraction * span;
            lo = Math.Clamp(tb - (width / 2), a, b - width);
            hi = lo + width;
        }

        if (hi - lo <= span * 1e-9)
        {
            // Margin 0 and one distinct value: a small range around it rather than a point.
            lo = tb - (0.05 * span);
            hi = tb + (0.05 * span);
        }

        var change = RangeChange.Narrowed;
        if (atLower)
        {
            lo = a - (options.EdgeExtension * span);
            change = RangeChange.ExtendedBelow;
        }

        if (atUpper)
        {
            hi = b + (options.EdgeExtension * span);
            change = RangeChange.ExtendedAbove;
        }

        // A side that did not move past its edge stays inside the old range exactly (exp(log(x)) may round past it).
        var realLo = atLower ? ScaleMath.FromScale(lo, scale) : Math.Clamp(ScaleMath.FromScale(lo, scale), min, max);
        var realHi = atUpper ? ScaleMath.FromScale(hi, scale) : Math.Clamp(ScaleMath.FromScale(hi, scale), min, max);
        return (realLo, realHi, change);
    }

    private static (double Lo, double Hi) ClampToBounds(double lo, double hi, double best, ParameterScale scale, ParameterBounds? bounds)
    {
        if (bounds is null)
        {
            return (lo, hi);
        }

        // Exclusive bounds (a decay rate > 0, a leaky slope < 1) are approached, not reached.
        var nudge = 1e-6 * (bounds.Max - bounds.Min);
        var floor = bounds.MinExclusive ? bounds.Min + nudge : bounds.Min;
        var ceiling = bounds.MaxExclusive ? bounds.Max - nudge : bounds.Max;
        if (scale == ParameterScale.Log && floor <= 0)
        {
            floor = Math.Min(best, Math.Max(lo, double.Epsilon));
        }

        lo = Math.Clamp(lo, floor, ceiling);
        hi = Math.Clamp(hi, floor, ceiling);
        if (lo < hi)
        {
            return (lo, hi);
        }

        // Squeezed against a limit: open a sliver on the side that has room, never inverting.
        var sliver = 1e-3 * (ceiling - floor);
        return hi + sliver <= ceiling ? (lo, hi + sliver) : (lo - sliver, hi);
    }
}
