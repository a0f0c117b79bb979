using HyperSearch.Search.Scheduling;

namespace HyperSearch.Search.Tests.Scheduling;

/// <summary>
/// The ASHA rules restated as plainly as possible, to check the library against: ranks by counting
/// who beats whom (O(n²), no sorting, no shared comparer), rungs by scanning every epoch.
/// </summary>
internal static class AshaReference
{
    /// <summary>Every e in [min, max] that is min·η^k, then max: found by testing each epoch, not by multiplying.</summary>
    public static List<int> Milestones(int min, int max, int reduction)
    {
        var milestones = new List<int>();
        for (var e = min; e <= max; e++)
        {
            if (e % min != 0)
            {
                continue;
            }

            var q = e / min;
            while (q % reduction == 0)
            {
                q /= reduction;
            }

            if (q == 1)
            {
                milestones.Add(e);
            }
        }

        if (!milestones.Contains(max))
        {
            milestones.Add(max);
        }

        return milestones;
    }

    /// <summary>Whether <paramref name="a"/> ranks above <paramref name="b"/> in their rung.</summary>
    public static bool Beats(RungResult a, RungResult b)
    {
        if (a.Trial == b.Trial)
        {
            return false;
        }

        var aIsNaN = double.IsNaN(a.Objective);
        var bIsNaN = double.IsNaN(b.Objective);
        if (aIsNaN && !bIsNaN)
        {
            return false;
        }

        if (bIsNaN && !aIsNaN)
        {
            return true;
        }

        if (!aIsNaN && a.Objective > b.Objective)
        {
            return true;
        }

        if (!aIsNaN && a.Objective < b.Objective)
        {
            return false;
        }

        return a.Trial < b.Trial;
    }

    /// <summary>Algorithm 2 of Li et al.: from the rung below the top downwards, the unpromoted numbers among the top ⌊n/η⌋.</summary>
    public static List<RungPromotion> Promotions(AshaSpec spec, IReadOnlyList<RungResult> results)
    {
        var milestones = Milestones(spec.MinEpochs, spec.MaxEpochs, spec.Reduction);
        var promotions = new List<RungPromotion>();
        for (var k = milestones.Count - 2; k >= 0; k--)
        {
            var atRung = results.Where(r => r.Rung == k).ToList();
            var keep = atRung.Count / spec.Reduction;
            var chosen = new List<(int Rank, RungResult Result)>();
            foreach (var result in atRung)
            {
                var rank = atRung.Count(other => Beats(other, result));
                if (rank < keep && !result.Promoted && !double.IsNaN(result.Objective))
                {
                    chosen.Add((rank, result));
                }
            }

            foreach (var (_, result) in chosen.OrderBy(c => c.Rank))
            {
                promotions.Add(new RungPromotion(result.Trial, k, k + 1, milestones[k + 1]));
            }
        }

        return promotions;
    }

    /// <summary>Nothing is final while anything can arrive; once nothing can, every trial short of the top rung is pruned.</summary>
    public static List<int> Settle(AshaSpec spec, IReadOnlyList<RungResult> results, bool moreMayArrive)
    {
        var top = Milestones(spec.MinEpochs, spec.MaxEpochs, spec.Reduction).Count - 1;
        var highest = results.GroupBy(r => r.Trial).Select(g => g.OrderByDescending(r => r.Rung).First()).ToList();
        var running = highest.Any(r => r.Promoted);
        if (moreMayArrive || running || Promotions(spec, results).Count > 0)
        {
            return [];
        }

        return highest.Where(r => r.Rung < top).Select(r => r.Trial).OrderBy(t => t).ToList();
    }
}
