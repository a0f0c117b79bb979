namespace HyperSearch.Search.Scheduling;

/// <summary>
/// The promotion rule of asynchronous successive halving (Li et al., "A System for Massively Parallel
/// Hyperparameter Tuning", MLSys 2020, Algorithm 2), as a pure function of one stage's recorded
/// <see cref="RungResult"/>s: no clock, no randomness, no state, so the service can call it inside the
/// transaction that records a rung report and get the same answer on a retry. Cost O(n log n) in the
/// number of results.
/// <para>
/// The rule: for rung k, let n_k be the number of trials with a result at k (including those since
/// promoted). The top ⌊n_k / reduction⌋ of them by <see cref="RungResult.Objective"/> (higher first,
/// NaN last, ties by lower trial index) may move on to rung k + 1. A trial is promoted when it is in
/// that top set and has not been promoted from k yet. Results never expire, so a trial that is not in
/// the top set now may enter it later as more trials reach k: waiting at a rung is not being stopped.
/// Exception to the paper: a NaN result is never promoted, even if fewer numbers than ⌊n_k/η⌋ reached
/// the rung, because a diverged network does not recover with more epochs.
/// </para>
/// <para>
/// Because promotion is decided on the results so far, a rung can promote more than ⌊n_k/η⌋ in total
/// (a trial promoted early can be overtaken by later arrivals); the paper accepts these
/// "mispromotions" as the price of never waiting for a rung to fill. With every result of a rung in
/// before it is asked (synchronous SHA) exactly the top ⌊n_k/η⌋ are promoted.
/// </para>
/// </summary>
public sealed class AshaPromotion
{
    private readonly AshaSpec _spec;
    private readonly AshaRungs _rungs;

    public AshaPromotion(AshaSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _spec = spec;
        _rungs = spec.Rungs;
    }

    public AshaSpec Spec => _spec;

    public AshaRungs Rungs => _rungs;

    /// <summary>
    /// Every trial to promote now, in Algorithm 2's priority order: higher _rungs first (finishing a good
    /// trial beats starting more), then best objective first within a rung. A caller with fewer free
    /// workers takes a prefix; one with a free worker and an empty list starts a new configuration at
    /// rung 0. After the caller marks the returned trials promoted, calling again with no new result
    /// returns nothing. Never returns a trial at the top rung, one already promoted from its rung, or a
    /// NaN result.
    /// </summary>
    /// <param name="results">The stage's results in any order (the answer does not depend on it).</param>
    /// <exception cref="ArgumentException">The results are not a consistent history (see <see cref="RungResult"/>): a duplicate (trial, rung), a rung outside 0…top, a gap below a trial's highest rung, a lower rung not marked promoted, or a promotion out of the top rung.</exception>
    public IReadOnlyList<RungPromotion> Promotions(IReadOnlyList<RungResult> results)
    {
        var byRung = Group(results);
        var promotions = new List<RungPromotion>();
        for (var k = _rungs.Top - 1; k >= 0; k--)
        {
            var atRung = byRung[k];
            var keep = atRung.Count / _spec.Reduction;
            if (keep == 0)
            {
                continue;
            }

            atRung.Sort(RungOrder.Instance);
            for (var i = 0; i < keep; i++)
            {
                var result = atRung[i];
                if (!result.Promoted && !double.IsNaN(result.Objective))
                {
                    promotions.Add(new RungPromotion(result.Trial, k, k + 1, _rungs.Milestones[k + 1]));
                }
            }
        }

        return promotions;
    }

    /// <summary>
    /// The trials that end pruned once the stage can no longer change: those waiting at a rung below the
    /// top that were never promoted from it, in ascending trial order. It is empty while anything may
    /// still arrive, because a waiting trial can still be promoted as its rung fills: when
    /// <paramref name="moreMayArrive"/> is true (a configuration is queued, or a started trial has not
    /// reported its first rung — results this input cannot show), when a trial is promoted but has not
    /// reported its next rung (it is running), or when <see cref="Promotions"/> is not empty (apply those
    /// first). Trials at the top rung completed; none of them is listed. A promoted trial that fails
    /// before reporting its next rung must be recorded at that rung with a NaN objective (it then ranks
    /// last and is never promoted again); left marked promoted with no result, it counts as running and
    /// the stage never settles.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Promotions"/>.</exception>
    public IReadOnlyList<int> Settle(IReadOnlyList<RungResult> results, bool moreMayArrive)
    {
        var byRung = Group(results);
        if (moreMayArrive)
        {
            return [];
        }

        var highest = new Dictionary<int, RungResult>();
        foreach (var rung in byRung)
        {
            foreach (var result in rung)
            {
                if (!highest.TryGetValue(result.Trial, out var seen) || seen.Rung < result.Rung)
                {
                    highest[result.Trial] = result;
                }
            }
        }

        if (highest.Values.Any(r => r.Promoted) || Promotions(results).Count > 0)
        {
            return [];
        }

        return highest.Values.Where(r => r.Rung < _rungs.Top).Select(r => r.Trial).Order().ToList();
    }

    /// <summary>Buckets the results by rung after checking they form a history this rule could have produced.</summary>
    private List<RungResult>[] Group(IReadOnlyList<RungResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var byRung = new List<RungResult>[_rungs.Count];
        for (var k = 0; k < byRung.Length; k++)
        {
            byRung[k] = [];
        }

        var seen = new HashSet<(int Trial, int Rung)>();
        var highest = new Dictionary<int, int>();
        var count = new Dictionary<int, int>();
        foreach (var result in results)
        {
            if (result.Trial < 0)
            {
                throw new ArgumentException($"Trial index {result.Trial} is negative.", nameof(results));
            }

            if (result.Rung < 0 || result.Rung > _rungs.Top)
            {
                throw new ArgumentException($"Trial {result.Trial}: rung {result.Rung} is outside 0…{_rungs.Top}.", nameof(results));
            }

            if (!seen.Add((result.Trial, result.Rung)))
            {
                throw new ArgumentException($"Trial {result.Trial} has two results at rung {result.Rung}.", nameof(results));
            }

            if (result.Promoted && result.Rung == _rungs.Top)
            {
                throw new ArgumentException($"Trial {result.Trial} is marked promoted out of the top rung {_rungs.Top}.", nameof(results));
            }

            highest[result.Trial] = Math.Max(highest.GetValueOrDefault(result.Trial, -1), result.Rung);
            count[result.Trial] = count.GetValueOrDefault(result.Trial) + 1;
            byRung[result.Rung].Add(result);
        }

        foreach (var (trial, top) in highest)
        {
            // No duplicates and every rung in 0…top, so top + 1 results means none is missing.
            if (count[trial] != top + 1)
            {
                throw new ArgumentException($"Trial {trial} reached rung {top} but lacks a result at a rung below it.", nameof(results));
            }
        }

        foreach (var result in byRung.SelectMany(r => r))
        {
            if (result.Rung < highest[result.Trial] && !result.Promoted)
            {
                throw new ArgumentException($"Trial {result.Trial} has a result at rung {highest[result.Trial]} but is not marked promoted from rung {result.Rung}.", nameof(results));
            }
        }

        return byRung;
    }
}
