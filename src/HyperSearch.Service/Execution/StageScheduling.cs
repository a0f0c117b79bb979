using HyperSearch.Search;
using HyperSearch.Search.Scheduling;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// The search library's pure scheduler rules applied to stored trials: where a trial's first leg ends,
/// which rung a leg reached, and the ASHA promotion decision over a stage's stored rung results.
/// </summary>
public static class StageScheduling
{
    /// <summary>Epochs of a trial's first leg: rung 0 under ASHA; null (every epoch at once) otherwise.</summary>
    public static int? FirstLegEpochs(SchedulerSpec scheduler) => scheduler is AshaSpec asha ? asha.Rungs.EpochsAt(0) : null;

    /// <summary>The ASHA rung whose milestone a leg just reached, or null when the leg ended elsewhere (or no ASHA).</summary>
    public static int? RungAt(SchedulerSpec scheduler, int epochs) =>
        scheduler is AshaSpec asha && asha.Rungs.IndexOf(epochs) is var rung and >= 0 ? rung : null;

    /// <summary>Asynchronous successive halving's promotions (Li et al. 2020) over the stage's rung results.</summary>
    public static IReadOnlyList<RungPromotionRecord> Promotions(AshaSpec asha, IReadOnlyList<RungEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(asha);
        ArgumentNullException.ThrowIfNull(entries);
        var byIndex = entries.GroupBy(e => e.Index).ToDictionary(g => g.Key, g => g.First().TrialId);
        var results = entries.Select(e => new RungResult(e.Index, e.Rung, e.Objective, e.Promoted)).ToList();
        return new AshaPromotion(asha).Promotions(results)
            .Select(p => new RungPromotionRecord(byIndex[p.Trial], p.FromRung, p.TargetEpochs))
            .ToList();
    }

    /// <summary>
    /// How many configurations ASHA may start on <paramref name="epochBudget"/> epochs: the most n whose
    /// synchronous successive-halving cost Σ_k ⌊n/η^k⌋·(r_k − r_(k−1)) fits (asynchrony's few extra
    /// promotions are why a comparison reports the epochs each arm really spent).
    /// </summary>
    public static int ConfigurationsWithin(AshaSpec asha, int epochBudget, int max)
    {
        ArgumentNullException.ThrowIfNull(asha);
        long Cost(int n)
        {
            long cost = 0, survivors = n, previous = 0;
            foreach (var milestone in asha.Rungs.Milestones)
            {
                cost += survivors * (milestone - previous);
                previous = milestone;
                survivors /= asha.Reduction;
            }

            return cost;
        }

        var configurations = asha.Reduction;
        while (configurations < max && Cost(configurations + 1) <= epochBudget)
        {
            configurations++;
        }

        return configurations;
    }

    /// <summary>
    /// The configurations to plan for an ASHA stage with an epoch budget: twice what synchronous halving
    /// starts on it (<see cref="ConfigurationsWithin"/>), at most one per <c>minEpochs</c> of the budget. The
    /// budget, not this count, bounds the epochs; the margin lets the stage spend what diverged configurations
    /// (which stop in their first epoch) leave, and the ones it never needs end pruned, untrained.
    /// </summary>
    public static int ConfigurationsUnderBudget(AshaSpec asha, int max)
    {
        ArgumentNullException.ThrowIfNull(asha);
        var budget = asha.EpochBudget ?? throw new ArgumentException("The ASHA spec has no epoch budget.", nameof(asha));
        return Math.Min(Math.Min(max, budget / asha.MinEpochs), 2 * ConfigurationsWithin(asha, budget, max));
    }

    /// <summary>Rejects (naming the field) a scheduler that cannot act on a stage of this many trials.</summary>
    public static void CheckStage(SchedulerSpec scheduler, string strategy, long trials, string path, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            scheduler.EnsureCompatible(strategy, trials, path);
        }
        catch (SearchSpaceException ex)
        {
            errors.AddRange(ex.Errors);
        }
    }
}
