using HyperSearch.Search.Scheduling;

namespace HyperSearch.Search.Tests.Scheduling;

/// <summary>The library against <see cref="AshaReference"/> over many simulated stages, asynchronous and synchronous.</summary>
public class AshaSimulationTests
{
    private const int Runs = 400;

    [Fact]
    public void Promotions_AgreeWithTheReference_AtEveryStepOfRandomArrivalOrders()
    {
        var random = new Random(2020);
        var steps = 0;
        var promoted = 0;
        var severalRungsPending = 0;
        for (var run = 0; run < Runs; run++)
        {
            var spec = AshaSimulation.RandomSpec(random);
            var asha = new AshaPromotion(spec);
            var workers = random.Next(4) == 0 ? 1_000 : random.Next(1, 9);
            var granted = new HashSet<(int Trial, int Rung)>();

            foreach (var state in AshaSimulation.Run(spec, random.Next(1, 45), workers, random, asha.Promotions))
            {
                var actual = asha.Promotions(state.Results);

                var expected = AshaReference.Promotions(spec, state.Results);

                Assert.Equal(expected, actual);
                steps++;
                severalRungsPending += expected.Select(p => p.FromRung).Distinct().Count() > 1 ? 1 : 0;
                foreach (var p in actual)
                {
                    Assert.DoesNotContain(state.Results, r => r.Trial == p.Trial && r.Rung == p.FromRung && r.Promoted);
                }

                foreach (var r in state.Results.Where(r => r.Promoted))
                {
                    granted.Add((r.Trial, r.Rung));
                }
            }

            promoted += granted.Count;
        }

        // Guards against a vacuous simulation: one where nothing reaches a second rung, or where promotions
        // never wait at two rungs at once (then the top-down priority order would go unchecked).
        Assert.True(steps > 20_000, $"only {steps} steps");
        Assert.True(promoted > 1_000, $"only {promoted} promotions");
        Assert.True(severalRungsPending > 200, $"only {severalRungsPending} states with promotions pending at two rungs");
    }

    [Fact]
    public void Settle_AgreesWithTheReference_AndEndsEveryTrialCompletedOrPruned()
    {
        var random = new Random(77);
        var pruned = 0;
        for (var run = 0; run < Runs; run++)
        {
            var spec = AshaSimulation.RandomSpec(random);
            var asha = new AshaPromotion(spec);
            var trials = random.Next(1, 45);
            AshaState? last = null;
            foreach (var state in AshaSimulation.Run(spec, trials, random.Next(1, 9), random, asha.Promotions))
            {
                Assert.Equal(AshaReference.Settle(spec, state.Results, state.MoreMayArrive), asha.Settle(state.Results, state.MoreMayArrive));
                Assert.Empty(asha.Settle(state.Results, moreMayArrive: true));
                last = state;
            }

            var end = last!.Results;
            var settled = asha.Settle(end, moreMayArrive: false);
            var completed = end.Where(r => r.Rung == spec.Rungs.Top).Select(r => r.Trial).ToList();

            Assert.False(last.MoreMayArrive);
            Assert.Empty(asha.Promotions(end));
            Assert.Equal(Enumerable.Range(0, trials), settled.Concat(completed).Order());
            pruned += settled.Count;
        }

        Assert.True(pruned > 1_000, $"only {pruned} pruned");
    }

    [Fact]
    public void Synchronous_Promotes_ExactlyTheTopFractionOfEachRung()
    {
        var random = new Random(11);
        for (var run = 0; run < Runs; run++)
        {
            var spec = AshaSimulation.RandomSpec(random);
            var asha = new AshaPromotion(spec);
            var rungs = spec.Rungs;
            var results = new List<RungResult>();
            var survivors = Enumerable.Range(0, random.Next(1, 120)).ToList();
            for (var k = 0; k < rungs.Top && survivors.Count > 0; k++)
            {
                // Every survivor reports rung k before the rule is asked (synchronous SHA).
                foreach (var trial in survivors)
                {
                    var objective = random.Next(10) == 0 ? double.NaN : random.Next(20) / 20.0;
                    results.Add(new RungResult(trial, k, objective, Promoted: false));
                }

                var atRung = results.Where(r => r.Rung == k).ToList();
                var expected = atRung
                    .OrderBy(r => double.IsNaN(r.Objective))
                    .ThenByDescending(r => double.IsNaN(r.Objective) ? 0 : r.Objective)
                    .ThenBy(r => r.Trial)
                    .Take(atRung.Count / spec.Reduction)
                    .Where(r => !double.IsNaN(r.Objective))
                    .Select(r => r.Trial)
                    .ToList();

                var promotions = asha.Promotions(results);

                Assert.Equal(expected, promotions.Select(p => p.Trial));
                Assert.All(promotions, p => Assert.Equal((k, k + 1, rungs.Milestones[k + 1]), (p.FromRung, p.ToRung, p.TargetEpochs)));
                Assert.True(promotions.Count <= atRung.Count / spec.Reduction);
                if (atRung.All(r => !double.IsNaN(r.Objective)))
                {
                    Assert.Equal(atRung.Count / spec.Reduction, promotions.Count);
                }

                survivors = expected;
                for (var i = 0; i < results.Count; i++)
                {
                    if (results[i].Rung == k && survivors.Contains(results[i].Trial))
                    {
                        results[i] = results[i] with { Promoted = true };
                    }
                }

                Assert.Empty(asha.Promotions(results));
            }
        }
    }
}
