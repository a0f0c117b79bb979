using HyperSearch.Search.Scheduling;

namespace HyperSearch.Search.Tests.Scheduling;

public class AshaSettleTests : SchedulerContract<RungResult, IReadOnlyList<int>>
{
    // Rungs 1, 3, 9.
    private static readonly AshaPromotion Asha = new(AshaSpec.Create(1, 9, 3));

    protected override IReadOnlyList<int> NoAction => [];

    protected override (Func<IReadOnlyList<RungResult>, IReadOnlyList<int>> Decide, IReadOnlyList<RungResult> Items) Draw(Random random)
    {
        var (spec, state) = AshaSimulation.RandomState(random, preferTheEnd: true);
        var asha = new AshaPromotion(spec);
        return (results => asha.Settle(results, state.MoreMayArrive), state.Results);
    }

    private static RungResult R(int trial, int rung, double objective, bool promoted = false) => new(trial, rung, objective, promoted);

    /// <summary>A finished stage: 0 went to the top; 1 and 2 waited at rung 1, 3–8 at rung 0 (two of them NaN).</summary>
    private static readonly RungResult[] Finished =
    [
        R(0, 0, 0.9, promoted: true), R(1, 0, 0.8, promoted: true), R(2, 0, 0.7, promoted: true),
        R(3, 0, 0.6), R(4, 0, double.NaN), R(5, 0, 0.4), R(6, 0, 0.3), R(7, 0, double.NaN), R(8, 0, 0.1),
        R(0, 1, 0.95, promoted: true), R(1, 1, 0.85), R(2, 1, 0.75),
        R(0, 2, 0.97),
    ];

    [Fact]
    public void Settle_PrunesEveryTrialWaitingBelowTheTop_WhenNothingMoreCanArrive()
    {
        var pruned = Asha.Settle(Finished, moreMayArrive: false);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], pruned);
        Assert.Empty(Asha.Promotions(Finished));
    }

    [Fact]
    public void Settle_PrunesNothing_WhileMoreMayArrive()
    {
        var pruned = Asha.Settle(Finished, moreMayArrive: true);

        Assert.Empty(pruned);
    }

    [Fact]
    public void Settle_PrunesNothing_WhileAPromotedTrialIsStillTraining()
    {
        // Trial 1 was promoted from rung 1 and has not reported rung 2: its arrival could change nothing
        // below, but the stage is not quiet, and the rule only settles a quiet stage.
        var running = Finished.Select(r => r is { Trial: 1, Rung: 1 } ? r with { Promoted = true } : r).ToArray();

        Assert.Empty(Asha.Settle(running, moreMayArrive: false));
    }

    [Fact]
    public void Settle_PrunesNothing_WhilePromotionsArePending()
    {
        var pending = new[] { R(0, 0, 0.1), R(1, 0, 0.2), R(2, 0, 0.3) };

        Assert.Empty(Asha.Settle(pending, moreMayArrive: false));
        Assert.Equal([0, 1, 2], Asha.Settle([R(0, 0, 0.1), R(1, 0, 0.2), R(2, 0, 0.3, promoted: true), R(2, 1, 0.5)], moreMayArrive: false));
    }

    [Fact]
    public void Settle_PrunesNobody_WhenEveryTrialReachedTheTop()
    {
        var asha = new AshaPromotion(AshaSpec.Create(4, 4, 3));

        Assert.Empty(asha.Settle([R(0, 0, 0.1), R(1, 0, double.NaN)], moreMayArrive: false));
    }

    [Fact]
    public void Settle_PrunesALoneTrial_ThatNoRungCouldEverPromote()
    {
        Assert.Equal([0], Asha.Settle([R(0, 0, 0.99)], moreMayArrive: false));
    }
}
