using static HyperSearch.Storage.Tests.TestData;

namespace HyperSearch.Storage.Tests;

// Extending a search (ISearchStore.ExtendSearchAsync) against completing it (CompleteSearchAsync): both take
// the search row, so they serialise, and a completion that waited for an extension sees its added stage.
public abstract partial class SearchStoreContract
{
    /// <summary>A running search whose one stage has finished (its Finalize would now complete it).</summary>
    private async Task<SearchRecord> SeedFinishedStageAsync(int stageCount = 1)
    {
        var search = Search(status: SearchStatus.Running) with { StageCount = stageCount };
        var trials = Trials(search, 1, 2).Select(t => t with { Status = TrialStatus.Completed, ValidationAccuracy = 0.8, CompletedAt = T0 }).ToList();
        await Store.CreateSearchAsync(search, Stage(search, 1, 2), trials, Ct);
        return search;
    }

    private static SearchExtension AddStage(SearchRecord current, int trials = 2, bool resume = false) =>
        new(current.SpecJson, current.StageCount + 1, Stage(current, current.StageCount + 1, trials), Trials(current, current.StageCount + 1, trials), resume);

    [Fact]
    public async Task CompleteSearch_WaitingForAnExtension_SeesItsStage_AndLeavesTheSearchRunning()
    {
        var search = await SeedFinishedStageAsync();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var extend = Task.Run(() => Store.ExtendSearchAsync(search.Id, (current, _, _) =>
        {
            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return AddStage(current);
        }, T0, Ct));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));

        // Finalize's completion, racing: it must wait for the row the extension holds.
        var complete = Task.Run(() => Store.CompleteSearchAsync(search.Id, 1, 0.9, T0.AddSeconds(1), Ct));
        Assert.NotSame(complete, await Task.WhenAny(complete, Task.Delay(300)));
        release.Set();
        await extend;

        Assert.False(await complete);
        var after = await Store.GetSearchAsync(search.Id, Ct);
        Assert.Equal(SearchStatus.Running, after!.Status);
        Assert.Equal(2, after.StageCount);
        Assert.Null(after.TestAccuracy);
        Assert.Equal(2, (await Store.GetStageTrialsAsync(search.Id, 2, Ct)).Count(t => t.Status == TrialStatus.Queued));
    }

    [Fact]
    public async Task CompleteSearch_RefusesAStaleStageCount_OrOpenTrials_AndCompletesOtherwise()
    {
        var search = await SeedFinishedStageAsync(stageCount: 2);
        Assert.False(await Store.CompleteSearchAsync(search.Id, 1, null, T0, Ct));

        Assert.True(await Store.CompleteSearchAsync(search.Id, 2, 0.75, T0, Ct));

        var done = await Store.GetSearchAsync(search.Id, Ct);
        Assert.Equal(SearchStatus.Completed, done!.Status);
        Assert.Equal(0.75, done.TestAccuracy);
        Assert.Equal(T0, done.CompletedAt);
        var open = Search(status: SearchStatus.Running) with { StageCount = 1 };
        await Store.CreateSearchAsync(open, Stage(open, 1, 1), Trials(open, 1, 1), Ct);
        Assert.False(await Store.CompleteSearchAsync(open.Id, 1, null, T0, Ct));
    }

    [Fact]
    public async Task ExtendingACompletedSearch_ResumesIt_ClearsTheTestAccuracy_AndAddsTheStage()
    {
        var search = await SeedFinishedStageAsync();
        Assert.True(await Store.CompleteSearchAsync(search.Id, 1, 0.7, T0, Ct));

        var extension = await Store.ExtendSearchAsync(search.Id, (current, stages, trials) =>
        {
            Assert.Equal(SearchStatus.Completed, current.Status);
            Assert.Single(stages);
            Assert.Equal(2, trials.Count);
            return AddStage(current, trials: 3, resume: true) with { SpecJson = """{"extended":true}""" };
        }, T0.AddMinutes(1), Ct);

        Assert.NotNull(extension);
        var after = await Store.GetSearchAsync(search.Id, Ct);
        Assert.Equal(SearchStatus.Running, after!.Status);
        Assert.Null(after.CompletedAt);
        Assert.Null(after.TestAccuracy);
        Assert.Equal(2, after.StageCount);
        AssertJsonEqual("""{"extended":true}""", after.SpecJson);
        Assert.Equal([1, 2], (await Store.GetStagesAsync(search.Id, Ct)).Select(s => s.Stage));
        Assert.Equal(3, (await Store.GetStageTrialsAsync(search.Id, 2, Ct)).Count);
        Assert.Null(await Store.ExtendSearchAsync(Guid.NewGuid(), (c, _, _) => AddStage(c), T0, Ct));
    }

    [Fact]
    public async Task ConcurrentExtensions_AreSerialised_SoEachSeesTheOneBefore()
    {
        var search = await SeedFinishedStageAsync();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var seen = new List<int>();
        var first = Task.Run(() => Store.ExtendSearchAsync(search.Id, (current, _, _) =>
        {
            lock (seen)
            {
                seen.Add(current.StageCount);
            }

            entered.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return AddStage(current);
        }, T0, Ct));
        Assert.True(entered.Wait(TimeSpan.FromSeconds(30)));
        var second = Task.Run(() => Store.ExtendSearchAsync(search.Id, (current, _, _) =>
        {
            lock (seen)
            {
                seen.Add(current.StageCount);
            }

            return AddStage(current);
        }, T0, Ct));
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(300)));
        release.Set();
        await Task.WhenAll(first, second);

        Assert.Equal([1, 2], seen);
        Assert.Equal([1, 2, 3], (await Store.GetStagesAsync(search.Id, Ct)).Select(s => s.Stage));
        Assert.Equal(3, (await Store.GetSearchAsync(search.Id, Ct))!.StageCount);
    }

    [Fact]
    public async Task AnExtensionThatThrows_WritesNothing()
    {
        var search = await SeedFinishedStageAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.ExtendSearchAsync(
            search.Id, (_, _, _) => throw new InvalidOperationException("bad body"), T0, Ct));

        var after = await Store.GetSearchAsync(search.Id, Ct);
        Assert.Equal(1, after!.StageCount);
        AssertJsonEqual(search.SpecJson, after.SpecJson);
        Assert.Single(await Store.GetStagesAsync(search.Id, Ct));
    }
}
