using HyperSearch.Search.Scheduling;

namespace HyperSearch.Search.Tests.Scheduling;

public class AshaPromotionTests : SchedulerContract<RungResult, IReadOnlyList<RungPromotion>>
{
    // Rungs 1, 3, 9, 27.
    private static readonly AshaPromotion Asha = new(AshaSpec.Create(1, 27, 3));

    protected override IReadOnlyList<RungPromotion> NoAction => [];

    protected override (Func<IReadOnlyList<RungResult>, IReadOnlyList<RungPromotion>> Decide, IReadOnlyList<RungResult> Items) Draw(Random random)
    {
        var (spec, state) = AshaSimulation.RandomState(random);
        return (new AshaPromotion(spec).Promotions, state.Results);
    }

    private static RungResult R(int trial, int rung, double objective, bool promoted = false) => new(trial, rung, objective, promoted);

    [Fact]
    public void Promote_Nobody_WhenFewerThanReductionTrialsReachedTheRung()
    {
        var results = new[] { R(0, 0, 0.9), R(1, 0, 0.8) };

        var promotions = Asha.Promotions(results);

        Assert.Empty(promotions);
    }

    [Fact]
    public void Promote_TheBestOfThree_WhenTheThirdArrives()
    {
        var results = new[] { R(0, 0, 0.5), R(1, 0, 0.7), R(2, 0, 0.6) };

        var promotions = Asha.Promotions(results);

        Assert.Equal([new RungPromotion(1, 0, 1, 3)], promotions);
    }

    [Fact]
    public void Promote_AWaitingTrial_WhenLaterArrivalsFillItsRung()
    {
        // Asynchronous: the first trial is not stopped while alone, it waits until its rung has three.
        var alone = new[] { R(0, 0, 0.9) };
        var filled = new[] { R(0, 0, 0.9), R(1, 0, 0.2), R(2, 0, 0.3) };

        var before = Asha.Promotions(alone);
        var after = Asha.Promotions(filled);

        Assert.Empty(before);
        Assert.Equal([new RungPromotion(0, 0, 1, 3)], after);
    }

    [Fact]
    public void Promote_HigherRungsFirst_ThenBestFirst_WithTheTargetEpochs()
    {
        // Rung 0: nine trials, top three 8, 7, 6; 8 and the early leaders 3 and 4 were promoted already.
        // Rung 1 holds 8, 3 and 4, so its best (4) goes on to rung 2, ahead of 7 and 6 going to rung 1.
        var results = new List<RungResult>();
        for (var t = 0; t < 9; t++)
        {
            results.Add(R(t, 0, t / 10.0, promoted: t is 8 or 3 or 4));
        }

        results.Add(R(8, 1, 0.50));
        results.Add(R(3, 1, 0.40));
        results.Add(R(4, 1, 0.60));

        var promotions = Asha.Promotions(results);

        Assert.Equal(
            [new RungPromotion(4, 1, 2, 9), new RungPromotion(7, 0, 1, 3), new RungPromotion(6, 0, 1, 3)],
            promotions);
    }

    [Fact]
    public void Promote_LowerIndexFirst_WhenObjectivesTie()
    {
        var results = new[] { R(5, 0, 0.5), R(4, 0, 0.5), R(9, 0, 0.5), R(2, 0, 0.5), R(7, 0, 0.5), R(3, 0, 0.5) };

        var promotions = Asha.Promotions(results);

        Assert.Equal([2, 3], promotions.Select(p => p.Trial));
    }

    [Fact]
    public void Promote_TiesNegativeAndPositiveZero_ByIndex()
    {
        var results = new[] { R(1, 0, 0.0), R(0, 0, -0.0), R(2, 0, -1) };

        Assert.Equal(0, Assert.Single(Asha.Promotions(results)).Trial);
    }

    [Fact]
    public void Promote_RanksNaNLast_WhateverItsIndex()
    {
        var results = new[] { R(0, 0, double.NaN), R(1, 0, 0.1), R(2, 0, 0.2) };

        var promotions = Asha.Promotions(results);

        Assert.Equal(2, Assert.Single(promotions).Trial);
    }

    [Fact]
    public void Promote_NeverANaN_EvenWhenTooFewNumbersFillTheTopSet()
    {
        // η = 2 over six results keeps three, but only two are numbers.
        var asha = new AshaPromotion(AshaSpec.Create(1, 4, 2));
        var results = new[] { R(0, 0, double.NaN), R(1, 0, 0.05), R(2, 0, double.NaN), R(3, 0, double.NaN), R(4, 0, 0.1), R(5, 0, double.NaN) };

        var promotions = asha.Promotions(results);

        Assert.Equal([4, 1], promotions.Select(p => p.Trial));
        Assert.Empty(Asha.Promotions([R(0, 0, double.NaN), R(1, 0, double.NaN), R(2, 0, double.NaN)]));
    }

    [Fact]
    public void Promote_RanksInfinitiesAsNumbers()
    {
        var results = new[] { R(0, 0, double.NegativeInfinity), R(1, 0, double.NaN), R(2, 0, -5), R(3, 0, double.PositiveInfinity), R(4, 0, 0), R(5, 0, 1) };

        Assert.Equal([3, 5], Asha.Promotions(results).Select(p => p.Trial));
    }

    [Fact]
    public void Promote_Nothing_FromTheTopRung_OrTwiceFromARung()
    {
        var results = new[]
        {
            R(0, 0, 0.9, promoted: true), R(1, 0, 0.1), R(2, 0, 0.2),
            R(0, 1, 0.9, promoted: true), R(0, 2, 0.9, promoted: true), R(0, 3, 0.9),
        };

        Assert.Empty(Asha.Promotions(results));
    }

    [Fact]
    public void Promote_ReturnsNothingNew_OnceItsPromotionsAreApplied()
    {
        var random = new Random(3);
        for (var i = 0; i < 300; i++)
        {
            var (spec, state) = AshaSimulation.RandomState(random);
            var asha = new AshaPromotion(spec);
            var promotions = asha.Promotions(state.Results);

            var applied = state.Results
                .Select(r => promotions.Any(p => p.Trial == r.Trial && p.FromRung == r.Rung) ? r with { Promoted = true } : r)
                .ToList();

            Assert.Empty(asha.Promotions(applied));
            Assert.Equal(promotions.Count, promotions.Select(p => p.Trial).Distinct().Count());
        }
    }

    [Fact]
    public void Promote_MayExceedTheSynchronousFraction_WhenALaterArrivalIsBetter()
    {
        // The price of never waiting (Li et al.'s "mispromotions"): with η = 2, trial 1 leads two results
        // and goes on; trial 2 then beats it and goes on too, so rung 0 promotes 2 of 3 (⌊3/2⌋ = 1).
        var asha = new AshaPromotion(AshaSpec.Create(1, 2, 2));
        var first = asha.Promotions([R(0, 0, 0.5), R(1, 0, 0.6)]);

        var second = asha.Promotions([R(0, 0, 0.5), R(1, 0, 0.6, promoted: true), R(2, 0, 0.9)]);

        Assert.Equal(1, Assert.Single(first).Trial);
        Assert.Equal(2, Assert.Single(second).Trial);
    }

    [Fact]
    public void Promote_Nothing_WithASingleRung()
    {
        var asha = new AshaPromotion(AshaSpec.Create(5, 5, 3));

        Assert.Empty(asha.Promotions([R(0, 0, 0.1), R(1, 0, 0.2), R(2, 0, 0.3), R(3, 0, 0.4)]));
    }

    public static TheoryData<RungResult[]> InconsistentHistories => new()
    {
        new[] { R(0, 0, 0.5), R(0, 0, 0.6) },
        new[] { R(0, -1, 0.5) },
        new[] { R(0, 4, 0.5) },
        new[] { R(-1, 0, 0.5) },
        new[] { R(0, 1, 0.5) },
        new[] { R(0, 0, 0.5, promoted: true), R(0, 2, 0.5) },
        new[] { R(0, 0, 0.5), R(0, 1, 0.5) },
        new[] { R(0, 0, 0.5, promoted: true), R(0, 1, 0.5, promoted: true), R(0, 2, 0.5, promoted: true), R(0, 3, 0.5, promoted: true) },
    };

    [Theory]
    [MemberData(nameof(InconsistentHistories))]
    public void Promote_Throws_WhenTheHistoryIsInconsistent(RungResult[] results)
    {
        Assert.Throws<ArgumentException>(() => Asha.Promotions(results));
        Assert.Throws<ArgumentException>(() => Asha.Settle(results, moreMayArrive: true));
    }

    [Fact]
    public void Constructor_RequiresASpec()
    {
        Assert.Throws<ArgumentNullException>(() => new AshaPromotion(null!));
        Assert.Throws<ArgumentNullException>(() => Asha.Promotions(null!));
    }
}
