using static HyperSearch.Storage.Tests.TestData;

namespace HyperSearch.Storage.Tests;

// An ASHA stage's epoch budget (issue #10): claims of new configurations and promotions are admitted only
// while they fit beside the epochs the stage has trained or is training, serialised per stage.
public abstract partial class SearchStoreContract
{
    /// <summary>A stage of ASHA configurations: 9 epochs at most, the first leg (rung 0) 1 epoch.</summary>
    private async Task<List<TrialRecord>> SeedAshaStageAsync(int trials)
    {
        var search = Search();
        var list = Trials(search, 1, trials).Select(t => t with { Epochs = 9, TargetEpochs = 1 }).ToList();
        await Store.CreateSearchAsync(search, Stage(search, 1, trials), list, Ct);
        return list;
    }

    [Fact]
    public async Task ClaimWithinBudget_StartsConfigurationsWhileTheirFirstRungFits_ThenPrunesTheRestUntrained()
    {
        var trials = await SeedAshaStageAsync(4);

        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await Store.TryClaimWithinBudgetAsync(trials[i].Id, "w", T0, T0.AddMinutes(1), 3, Ct));
        }

        // Three 1-epoch legs are running: a fourth would make 4 > 3.
        Assert.Null(await Store.TryClaimWithinBudgetAsync(trials[3].Id, "w", T0.AddSeconds(5), T0.AddMinutes(1), 3, Ct));
        var refused = (await Store.GetTrialAsync(trials[3].Id, Ct))!;
        Assert.Equal((TrialStatus.Pruned, 0, 0), (refused.Status, refused.EpochsTrained, refused.Attempts));
        Assert.Equal(T0.AddSeconds(5), refused.CompletedAt);
        Assert.Null(refused.StartedAt);
        Assert.StartsWith("not started: the stage's epoch budget of 3 is spent (3 epochs trained or training;", refused.Error);
        Assert.Null(await Store.TryClaimWithinBudgetAsync(trials[3].Id, "w", T0, T0.AddMinutes(1), 3, Ct)); // it stays pruned
        Assert.Equal(TrialStatus.Pruned, (await Store.GetTrialAsync(trials[3].Id, Ct))!.Status);
    }

    [Fact]
    public async Task ClaimWithinBudget_CountsWaitingPromotionsToTheirTarget_AndEndedTrialsAtWhatTheyTrained()
    {
        var trials = await SeedAshaStageAsync(4);
        var first = (await Store.TryClaimWithinBudgetAsync(trials[0].Id, "w", T0, T0.AddMinutes(1), 6, Ct))!;
        var promoted = await Store.ReportRungAsync(first, Rung(0, 1, 0.8), _ => [new RungPromotionRecord(trials[0].Id, 0, 3)], 6, T0, Ct);
        Assert.Single(promoted!);

        // Trial 0 waits in the queue to train to 3 (3 committed); trial 1 diverges in its first epoch (0 trained).
        var second = (await Store.TryClaimWithinBudgetAsync(trials[1].Id, "w", T0, T0.AddMinutes(1), 6, Ct))!;
        Assert.True(await Store.CompleteTrialAsync(second, Outcome(status: TrialStatus.Diverged) with { EpochsTrained = 0 }, T0, Ct));
        Assert.NotNull(await Store.TryClaimWithinBudgetAsync(trials[2].Id, "w", T0, T0.AddMinutes(1), 5, Ct)); // 3 + 0 + 1 ≤ 5
        Assert.Null(await Store.TryClaimWithinBudgetAsync(trials[3].Id, "w", T0, T0.AddMinutes(1), 4, Ct)); // 3 + 0 + 1 + 1 > 4

        // The promoted trial was admitted when it was promoted: its claim is not checked again, even on a spent budget.
        Assert.NotNull(await Store.TryClaimWithinBudgetAsync(trials[0].Id, "w", T0, T0.AddMinutes(1), 4, Ct));
    }

    [Fact]
    public async Task ClaimWithinBudget_ReclaimsARunningTrialWhoseWorkerDied_WithoutCheckingAgain()
    {
        var trials = await SeedAshaStageAsync(2);
        Assert.NotNull(await Store.TryClaimWithinBudgetAsync(trials[0].Id, "dead", T0, T0.AddSeconds(10), 1, Ct));

        var again = await Store.TryClaimWithinBudgetAsync(trials[0].Id, "live", T0.AddSeconds(11), T0.AddMinutes(1), 1, Ct);

        Assert.NotNull(again);
        Assert.Equal(2, again.Attempt);
        Assert.Null(await Store.TryClaimWithinBudgetAsync(trials[1].Id, "live", T0.AddSeconds(12), T0.AddMinutes(1), 1, Ct));
    }

    [Fact]
    public async Task ReportRungWithinBudget_MakesOnlyThePromotionsThatFit_InTheDecisionsOrder_TheRestWait()
    {
        var trials = await SeedAshaStageAsync(3);
        var claims = new List<TrialClaim>();
        foreach (var t in trials)
        {
            claims.Add((await Store.TryClaimWithinBudgetAsync(t.Id, "w", T0, T0.AddMinutes(1), 8, Ct))!);
        }

        await Store.ReportRungAsync(claims[0], Rung(0, 1, 0.6), _ => [], 8, T0, Ct);
        await Store.ReportRungAsync(claims[1], Rung(0, 1, 0.7), _ => [], 8, T0, Ct);

        // 3 epochs committed, 5 left: trial 2 (to 3: 2 more) fits, then trial 1 (to 9: 8 more) does not, then trial 0 (to 3) does.
        var promoted = await Store.ReportRungAsync(claims[2], Rung(0, 1, 0.9), _ =>
            [new RungPromotionRecord(trials[2].Id, 0, 3), new RungPromotionRecord(trials[1].Id, 0, 9), new RungPromotionRecord(trials[0].Id, 0, 3)], 8, T0, Ct);

        Assert.Equal([trials[2].Id, trials[0].Id], promoted!.Select(p => p.TrialId));
        var waiting = (await Store.GetTrialAsync(trials[1].Id, Ct))!;
        Assert.Equal((TrialStatus.Paused, 1), (waiting.Status, waiting.EpochsTrained));
        Assert.Equal([(1, 0, 1, 3, 2)], (await Store.GetRungCountsAsync(trials[0].SearchId, Ct)).Select(r => (r.Stage, r.Rung, r.Epochs, r.Reached, r.Promoted)));
    }

    [Fact]
    public async Task ClaimWithinBudget_Concurrently_NeverAdmitsMoreThanTheBudget()
    {
        // Twelve workers try twelve configurations at once on a budget of five 1-epoch legs. Serialised on the
        // stage, exactly five are admitted and seven end pruned, untrained.
        var trials = await SeedAshaStageAsync(12);

        var claims = await Task.WhenAll(trials.Select(t => Task.Run(() => Store.TryClaimWithinBudgetAsync(t.Id, "w", T0, T0.AddMinutes(1), 5, Ct))));

        Assert.Equal(5, claims.Count(c => c is not null));
        var statuses = (await Store.GetStageTrialsAsync(trials[0].SearchId, 1, Ct)).Select(t => t.Status).ToList();
        Assert.Equal(5, statuses.Count(s => s == TrialStatus.Running));
        Assert.Equal(7, statuses.Count(s => s == TrialStatus.Pruned));
    }
}
