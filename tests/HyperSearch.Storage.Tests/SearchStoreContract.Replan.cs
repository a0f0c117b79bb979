using static HyperSearch.Storage.Tests.TestData;

namespace HyperSearch.Storage.Tests;

// Re-planning a stage before it runs (a search's "learningRate": "auto", resolved at Start).
public abstract partial class SearchStoreContract
{
    [Fact]
    public async Task ReplanStage_StoresTheSpaceAndTheQueuedTrialsHyperparameters_Once()
    {
        var search = Search();
        var trials = Trials(search, 1, 3);
        trials[2] = trials[2] with { Status = TrialStatus.Completed, CompletedAt = T0 };
        await Store.CreateSearchAsync(search, Stage(search, 1, 3), trials, Ct);
        const string space = """{"learningRate":{"min":0.001,"max":0.1,"scale":"log"}}""";
        var replanned = trials.ToDictionary(t => t.Id, t => $$"""{"learningRate":{{0.01 + t.Index}}}""");
        string? seen = null;

        Assert.True(await Store.ReplanStageAsync(search.Id, 1, current => (seen = current) is not null, space, replanned, Ct));

        Assert.NotNull(seen);
        AssertJsonEqual(space, (await Store.GetStagesAsync(search.Id, Ct))[0].SpaceJson);
        var after = (await Store.GetStageTrialsAsync(search.Id, 1, Ct)).OrderBy(t => t.Index).ToList();
        AssertJsonEqual("""{"learningRate":0.01}""", after[0].HyperparametersJson);
        AssertJsonEqual("""{"learningRate":1.01}""", after[1].HyperparametersJson);
        AssertJsonEqual(trials[2].HyperparametersJson, after[2].HyperparametersJson); // no longer queued: left alone

        // The predicate sees the new space and refuses: nothing changes.
        Assert.False(await Store.ReplanStageAsync(search.Id, 1, current => !current.Contains("0.001", StringComparison.Ordinal), "{}", replanned.ToDictionary(p => p.Key, _ => "{}"), Ct));
        AssertJsonEqual(space, (await Store.GetStagesAsync(search.Id, Ct))[0].SpaceJson);
        AssertJsonEqual("""{"learningRate":0.01}""", (await Store.GetTrialAsync(trials[0].Id, Ct))!.HyperparametersJson);
        Assert.False(await Store.ReplanStageAsync(search.Id, 2, _ => true, space, replanned, Ct));
    }
}
