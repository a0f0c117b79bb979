namespace HyperSearch.Search;

/// <summary>Pure statistics for comparing searches trial by trial (used for random vs grid at equal budgets).</summary>
public static class ComparisonStatistics
{
    /// <param name="trials">Any order; sorted by <see cref="TrialOutcome.Index"/>.</param>
    /// <param name="targetAccuracy">Optional accuracy for <see cref="SearchStatistics.TrialsToTarget"/>.</param>
    /// <param name="parameters">Parameters to count distinct values for; default every name in <see cref="Parameters.Names"/>.</param>
    public static SearchStatistics Compute(IEnumerable<TrialOutcome> trials, double? targetAccuracy = null, IEnumerable<string>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var ordered = trials.OrderBy(t => t.Index).ToList();

        var curve = new List<BestSoFarPoint>(ordered.Count);
        double? best = null;
        int? bestIndex = null;
        int? trialsToTarget = null;
        var succeeded = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            var accuracy = ordered[i].ValidationAccuracy is { } a && double.IsFinite(a) ? a : (double?)null;
            if (accuracy is { } value)
            {
                succeeded++;
                if (best is null || value > best)
                {
                    best = value;
                    bestIndex = ordered[i].Index;
                }
            }

            if (trialsToTarget is null && targetAccuracy is { } target && best >= target)
            {
                trialsToTarget = i + 1;
            }

            curve.Add(new BestSoFarPoint(i + 1, ordered[i].Index, accuracy, best));
        }

        // Failed trials still count: they tried their values.
        var distinct = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in parameters ?? Parameters.Names)
        {
            distinct[name] = ordered
                .Where(t => t.Hyperparameters.IsActive(name))
                .Select(t => t.Hyperparameters.Get(name))
                .Where(v => v is not null)
                .Distinct(ValueComparer.Instance)
                .Count();
        }

        return new SearchStatistics(curve, distinct, best, bestIndex, trialsToTarget, ordered.Count, succeeded);
    }
}
