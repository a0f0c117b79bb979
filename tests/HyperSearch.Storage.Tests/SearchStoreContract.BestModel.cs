using static HyperSearch.Storage.Tests.TestData;

namespace HyperSearch.Storage.Tests;

// The search's best model (migration 0007): the network of the leading leg result, kept in the result's
// transaction, so Finalize evaluates it on the test split instead of retraining the trial.
public abstract partial class SearchStoreContract
{
    private static byte[] Network(byte fill) => Enumerable.Repeat(fill, 4096).ToArray();

    private async Task<bool> CompleteWithModelAsync(TrialClaim claim, double validation, int epochs, byte fill, TrialStatus status = TrialStatus.Completed) =>
        await Store.CompleteTrialAsync(claim, Outcome(0.9, validation, status) with { EpochsTrained = epochs }, () => Network(fill), T0, Ct);

    [Fact]
    public async Task BestModel_IsTheLeadingResultsNetwork_ATieKeepsTheEarlier_ALowerOneIsNeverSerialised()
    {
        var (search, trials) = await SeedSearchAsync(4);
        Assert.Null(await Store.GetBestModelAsync(search.Id, Ct));

        Assert.True(await CompleteWithModelAsync(await ClaimAsync(trials[0].Id), 0.80, 2, 1));
        Assert.True(await CompleteWithModelAsync(await ClaimAsync(trials[1].Id), 0.85, 2, 2, TrialStatus.Pruned));
        Assert.True(await CompleteWithModelAsync(await ClaimAsync(trials[2].Id), 0.85, 2, 3));
        var serialised = false;
        var lower = await ClaimAsync(trials[3].Id);
        Assert.True(await Store.CompleteTrialAsync(lower, Outcome(0.9, 0.70) with { EpochsTrained = 2 }, () => { serialised = true; return Network(4); }, T0, Ct));

        var kept = (await Store.GetBestModelAsync(search.Id, Ct))!;
        Assert.Equal((search.Id, trials[1].Id, 0.85, 2), (kept.SearchId, kept.TrialId, kept.ValidationAccuracy, kept.Epoch));
        Assert.Equal(Network(2), kept.Data);
        Assert.False(serialised);
        Assert.Equal(T0, kept.CreatedAt);
    }

    [Fact]
    public async Task BestModel_NotFromADivergedOrFailedResult_NorAStaleClaim_NorWithoutANetwork()
    {
        var (search, trials) = await SeedSearchAsync(4);
        Assert.True(await CompleteWithModelAsync(await ClaimAsync(trials[0].Id), 0.9, 2, 1, TrialStatus.Diverged));
        Assert.True(await CompleteWithModelAsync(await ClaimAsync(trials[1].Id), 0.9, 2, 1, TrialStatus.Failed));
        Assert.True(await Store.CompleteTrialAsync(await ClaimAsync(trials[2].Id), Outcome(0.9, 0.9) with { EpochsTrained = 2 }, () => null, T0, Ct));
        var stale = await ClaimAsync(trials[3].Id);
        Assert.True(await CompleteWithModelAsync(stale, 0.5, 2, 5));
        Assert.False(await CompleteWithModelAsync(stale, 0.99, 2, 6)); // a duplicate completion writes nothing

        var kept = (await Store.GetBestModelAsync(search.Id, Ct))!;
        Assert.Equal((trials[3].Id, 0.5), (kept.TrialId, kept.ValidationAccuracy));
        Assert.Equal(Network(5), kept.Data);
    }

    [Fact]
    public async Task BestModel_FromAnAshaRung_IsItsCheckpoint_AndAPromotedTrialReplacesItsOwnOnlyWhenBetter()
    {
        var trials = await SeedAshaStageAsync(2);
        var searchId = trials[0].SearchId;
        var first = (await Store.TryClaimWithinBudgetAsync(trials[0].Id, "w", T0, T0.AddMinutes(1), 20, Ct))!;
        Assert.NotNull(await Store.ReportRungAsync(first, Rung(0, 1, 0.7, fill: 9), _ => [new RungPromotionRecord(trials[0].Id, 0, 3)], 20, T0, Ct));
        var kept = (await Store.GetBestModelAsync(searchId, Ct))!;
        Assert.Equal((trials[0].Id, 0.7, 1), (kept.TrialId, kept.ValidationAccuracy, kept.Epoch));
        Assert.Equal(Enumerable.Repeat((byte)9, 1000), kept.Data);

        var resumed = (await Store.TryClaimWithinBudgetAsync(trials[0].Id, "w", T0, T0.AddMinutes(1), 20, Ct))!;
        Assert.True(await CompleteWithModelAsync(resumed, 0.65, 3, 4)); // worse after more epochs: the epoch-1 network stays
        Assert.Equal((0.7, 1), ((await Store.GetBestModelAsync(searchId, Ct))!.ValidationAccuracy, (await Store.GetBestModelAsync(searchId, Ct))!.Epoch));

        var second = (await Store.TryClaimWithinBudgetAsync(trials[1].Id, "w", T0, T0.AddMinutes(1), 20, Ct))!;
        Assert.NotNull(await Store.ReportRungAsync(second, Rung(0, 1, double.NaN), _ => [], 20, T0, Ct)); // no accuracy: nothing kept
        Assert.Equal(trials[0].Id, (await Store.GetBestModelAsync(searchId, Ct))!.TrialId);
    }

    [Fact]
    public async Task BestModel_TwoWorkersFinishingAtOnce_KeepTheBetter_WhateverTheCommitOrder()
    {
        for (var round = 0; round < 5; round++)
        {
            var (search, trials) = await SeedSearchAsync(6);
            var claims = new List<TrialClaim>();
            foreach (var t in trials)
            {
                claims.Add(await ClaimAsync(t.Id));
            }

            await Task.WhenAll(claims.Select((c, i) => Task.Run(() => CompleteWithModelAsync(c, 0.5 + (0.05 * ((i + round) % 6)), 2, (byte)i))));

            var kept = (await Store.GetBestModelAsync(search.Id, Ct))!;
            var best = (5 - round + 6) % 6; // the index with (i + round) % 6 == 5
            Assert.Equal((trials[best].Id, 0.75), (kept.TrialId, Math.Round(kept.ValidationAccuracy, 9)));
            Assert.Equal(Network((byte)best), kept.Data);
        }
    }
}
