using HyperSearch.Search.Scheduling;

namespace HyperSearch.Search.Tests.Scheduling;

/// <summary>What the stage looks like at one moment of a simulated run.</summary>
/// <param name="MoreMayArrive">A configuration is still queued or training toward rung 0.</param>
internal sealed record AshaState(IReadOnlyList<RungResult> Results, bool MoreMayArrive);

/// <summary>
/// Runs one stage of ASHA the way the service will: <c>workers</c> slots; a free slot takes the first
/// promotion the rule offers, else a fresh configuration; the job to finish next is drawn at random, so
/// every seed is a different arrival order. Objectives come from a small set of values (ties) with
/// some NaNs (diverged trials). Yields the state after every start and every finish.
/// <para>
/// A slot that always took the pending promotion first would never leave promotions waiting at two
/// rungs at once (each finish adds at most one and frees one slot), so the run is also untidy the way a
/// real queue is: with probability <paramref name="skipPromotion"/> a free slot starts a fresh
/// configuration queued ahead of the promotion, and sometimes two jobs finish before slots are refilled.
/// </para>
/// </summary>
internal static class AshaSimulation
{
    public static IEnumerable<AshaState> Run(
        AshaSpec spec,
        int trials,
        int workers,
        Random random,
        Func<IReadOnlyList<RungResult>, IReadOnlyList<RungPromotion>> promote,
        double nanShare = 0.1,
        int distinctValues = 8,
        double skipPromotion = 0.3)
    {
        var rungCount = spec.Rungs.Count;
        var objective = new double[trials, rungCount];
        for (var t = 0; t < trials; t++)
        {
            for (var k = 0; k < rungCount; k++)
            {
                objective[t, k] = random.NextDouble() < nanShare ? double.NaN : random.Next(distinctValues) / (double)distinctValues;
            }
        }

        var results = new List<RungResult>();
        var running = new List<(int Trial, int Rung)>();
        var nextFresh = 0;
        while (true)
        {
            while (running.Count < workers)
            {
                var promotions = promote(results);
                var freshFirst = nextFresh < trials && random.NextDouble() < skipPromotion;
                if (promotions.Count > 0 && !freshFirst)
                {
                    var p = promotions[0];
                    var index = results.FindIndex(r => r.Trial == p.Trial && r.Rung == p.FromRung);
                    results[index] = results[index] with { Promoted = true };
                    running.Add((p.Trial, p.ToRung));
                }
                else if (nextFresh < trials)
                {
                    running.Add((nextFresh++, 0));
                }
                else
                {
                    break;
                }
            }

            yield return Snapshot();
            if (running.Count == 0)
            {
                yield break;
            }

            for (var n = random.Next(4) == 0 ? 2 : 1; n > 0 && running.Count > 0; n--)
            {
                var finished = running[random.Next(running.Count)];
                running.Remove(finished);
                results.Add(new RungResult(finished.Trial, finished.Rung, objective[finished.Trial, finished.Rung], Promoted: false));
                yield return Snapshot();
            }
        }

        AshaState Snapshot() => new(results.ToList(), nextFresh < trials || running.Any(r => r.Rung == 0));
    }

    /// <summary>A random spec with two to five rungs.</summary>
    public static AshaSpec RandomSpec(Random random)
    {
        var min = random.Next(1, 4);
        var reduction = random.Next(2, 5);
        var max = min * (int)Math.Pow(reduction, random.Next(1, 4)) + random.Next(0, 3);
        return AshaSpec.Create(min, max, reduction);
    }

    /// <summary>A random moment of a random run: for contract tests that need varied, consistent inputs.</summary>
    public static (AshaSpec Spec, AshaState State) RandomState(Random random, bool preferTheEnd = false)
    {
        var spec = RandomSpec(random);
        var promotion = new AshaPromotion(spec);
        var states = Run(spec, random.Next(1, 30), random.Next(1, 6), random, promotion.Promotions).ToList();
        var state = preferTheEnd && random.Next(2) == 0 ? states[^1] : states[random.Next(states.Count)];
        return (spec, state);
    }
}
