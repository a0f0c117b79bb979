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
    /// <summary>
    /// Categoricals whose values change where the other parameters work best (the good learning rates of Adam
    /// and SGD lie decades apart; batch norm tolerates larger ones), in the order one is picked to refine per choice.
    /// </summary>
    public static IReadOnlyList<string> PerChoiceParents { get; } = [Parameters.Optimizer.Name, Parameters.BatchNorm.Name, Parameters.Activation.Name];

    public static RefinementResult Refine(SearchSpace space, IEnumerable<TrialOutcome> trials, RefineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trials);
        options ??= RefineOptions.Default;
        options.Validate();

        // Ties go to the earlier trial, so the result does not depend on the caller's list order.
        var scored = trials
            .Where(t => t.ValidationAccuracy is { } accuracy && double.IsFinite(accuracy))
            .OrderByDescending(t => t.ValidationAccuracy)
            .ThenBy(t => t.Index)
            .ToList();
        var top = scored.Take(options.TopK).ToList();

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

        var refined = new Dictionary<string, Distribution>(StringComparer.Ordinal);
        foreach (var name in space.Names)
        {
            var (next, change) = space.Parameters[name] switch
            {
                PerChoiceDistribution perChoice => RefinePerChoice(name, perChoice, scored, options),
                var distribution => RefineOne(name, distribution, top, options),
            };
            refined[name] = next;
            changes[name] = change;
        }

        // Refine per choice: when a categorical that interacts with the continuous ranges keeps several values,
        // each value gets its own ranges, narrowed around the best trials that used it.
        if (options.PerChoice && PerChoiceParents.FirstOrDefault(p => refined.GetValueOrDefault(p) is CategoricalDistribution { Choices.Count: > 1 }) is { } parent)
        {
            var kept = ((CategoricalDistribution)refined[parent]).Choices;
            foreach (var name in space.Names)
            {
                var definition = Parameters.Get(name);
                if (space.Parameters[name] is not FloatDistribution range || definition.Condition?.Parent == parent
                    || (space.Conditions.GetValueOrDefault(name)?.Any(c => c.Parent == parent) ?? false))
                {
                    continue;
                }

                var cases = new List<KeyValuePair<object, Distribution>>();
                var perValue = new List<RangeChange>();
                foreach (var value in kept)
                {
                    var users = scored.Where(t => t.Hyperparameters.IsActive(name) && ValueComparer.Instance.Equals(t.Hyperparameters.Get(parent), value)).Take(options.TopK).ToList();
                    var (next, change) = RefineOne(name, range, users, options);
                    cases.Add(new(value, next));
                    perValue.Add(change);
                }

                if (cases.Select(c => c.Value).Distinct().Count() > 1)
                {
                    refined[name] = new PerChoiceDistribution(parent, cases);
                    changes[name] = perValue.FirstOrDefault(c => c != RangeChange.Kept);
                }
            }
        }

        var conditions = PruneConditions(space, refined);
        foreach (var gone in changes.Keys.Where(n => !refined.ContainsKey(n)).ToList())
        {
            changes.Remove(gone);
        }

        return new RefinementResult(SearchSpace.Create(refined, conditions: conditions), changes, top);
    }

    // One distribution from the trials it was active in (the best first).
    private static (Distribution Next, RangeChange Change) RefineOne(string name, Distribution distribution, IReadOnlyList<TrialOutcome> ranked, RefineOptions options)
    {
        var active = ranked.Where(t => t.Hyperparameters.IsActive(name)).ToList();
        var values = active.Select(t => t.Hyperparameters.Get(name)).Where(v => v is not null).Select(v => v!).ToList();
        var bestValue = active.Count > 0 ? active[0].Hyperparameters.Get(name) : null;
        return distribution switch
        {
            _ when values.Count == 0 || bestValue is null => (distribution, RangeChange.Kept),
            CategoricalDistribution c => RefineChoices(c, values),
            FloatDistribution f => RefineFloat(name, f, values.Select(Convert.ToDouble).ToList(), Convert.ToDouble(bestValue), options),
            IntDistribution i => RefineInt(name, i, values.Select(Convert.ToDouble).ToList(), Convert.ToDouble(bestValue), options),
            _ => (distribution, RangeChange.Kept),
        };
    }

    // Each case from the best trials that used its parent value.
    private static (Distribution, RangeChange) RefinePerChoice(string name, PerChoiceDistribution perChoice, IReadOnlyList<TrialOutcome> scored, RefineOptions options)
    {
        var cases = new List<KeyValuePair<object, Distribution>>();
        var change = RangeChange.Kept;
        foreach (var (value, range) in perChoice.Cases)
        {
            var users = scored.Where(t => ValueComparer.Instance.Equals(t.Hyperparameters.Get(perChoice.Parent), value)).Take(options.TopK).ToList();
            var (next, c) = RefineOne(name, range, users, options);
            cases.Add(new(value, next));
            change = change == RangeChange.Kept ? c : change;
        }

        return (new PerChoiceDistribution(perChoice.Parent, cases), change);
    }

    /// <summary>
    /// Keeps the refined space sensible once categoricals lost values: a condition keeps the parent values still
    /// possible, a per-choice range the cases still possible, and a parameter that can no longer apply (momentum
    /// once only adam is left) leaves the space.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<ParameterCondition>> PruneConditions(SearchSpace space, Dictionary<string, Distribution> refined)
    {
        var conditions = new Dictionary<string, IReadOnlyList<ParameterCondition>>(StringComparer.Ordinal);
        IReadOnlyList<object>? Possible(string parent) => refined.GetValueOrDefault(parent) switch
        {
            null => [Parameters.Get(parent).Default],
            CategoricalDistribution c => c.Choices,
            _ => null,
        };
        bool CanHold(string parent, IReadOnlyList<object> values) => Possible(parent) is not { } possible || possible.Any(v => values.Contains(v, ValueComparer.Instance));

        foreach (var name in space.Names)
        {
            var kept = new List<ParameterCondition>();
            var possibleEver = Parameters.Get(name).Condition is not { } registry || CanHold(registry.Parent, registry.Values);
            foreach (var condition in space.Conditions.GetValueOrDefault(name) ?? [])
            {
                var values = Possible(condition.Parent) is { } possible ? condition.Values.Where(v => possible.Contains(v, ValueComparer.Instance)).ToList() : [.. condition.Values];
                possibleEver &= values.Count > 0;
                kept.Add(new ParameterCondition(condition.Parent, values));
            }

            if (!possibleEver)
            {
                refined.Remove(name);
                continue;
            }

            if (kept.Count > 0)
            {
                conditions[name] = kept;
            }

            if (refined[name] is PerChoiceDistribution perChoice && Possible(perChoice.Parent) is { } parentValues)
            {
                var cases = perChoice.Cases.Where(c => parentValues.Contains(c.Key, ValueComparer.Instance)).ToList();
                refined[name] = cases.Count == 1 ? cases[0].Value : new PerChoiceDistribution(perChoice.Parent, cases);
            }
        }

        return conditions;
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
