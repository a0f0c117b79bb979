using static HyperSearch.Storage.Tests.TestData;

namespace HyperSearch.Storage.Tests;

/// <summary>
/// The behaviour every <see cref="ISearchStore"/> must have. A concrete class per backend supplies a
/// fresh, migrated, empty _store for each test.
/// </summary>
public abstract partial class SearchStoreContract : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private ISearchStore? _store;

    protected ISearchStore Store => _store ?? throw new InvalidOperationException("Store not created.");

    protected abstract string ExpectedProvider { get; }

    /// <summary>A new _store over its own empty, migrated database.</summary>
    protected abstract Task<ISearchStore> CreateStoreAsync();

    protected abstract Task DeleteStoreAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public Task DisposeAsync() => DeleteStoreAsync();

    private async Task<(SearchRecord Search, List<TrialRecord> Trials)> SeedSearchAsync(int trials = 3, DateTimeOffset? createdAt = null, SearchStatus status = SearchStatus.Queued)
    {
        var search = Search(createdAt, status: status);
        var list = Trials(search, 1, trials);
        await Store.CreateSearchAsync(search, Stage(search, 1, trials), list, Ct);
        return (search, list);
    }

    private async Task<TrialClaim> ClaimAsync(Guid trialId, string worker = "w1", int leaseSeconds = 60)
    {
        var claim = await Store.TryClaimTrialAsync(trialId, worker, T0, T0.AddSeconds(leaseSeconds), Ct);
        Assert.NotNull(claim);
        return claim;
    }

    // ---- basics ----

    [Fact]
    public async Task Ping_ReturnsTrue_AndProviderIsNamed()
    {
        Assert.True(await Store.PingAsync(Ct));
        Assert.Equal(ExpectedProvider, Store.Provider);
    }

    [Fact]
    public async Task Getters_ReturnNullOrEmpty_ForUnknownKeys()
    {
        Assert.Null(await Store.GetSearchAsync(Guid.NewGuid(), Ct));
        Assert.Null(await Store.GetTrialAsync(Guid.NewGuid(), Ct));
        Assert.Null(await Store.GetComparisonAsync(Guid.NewGuid(), Ct));
        Assert.Null(await Store.GetDatasetAsync("nope", Ct));
        Assert.Empty(await Store.GetStagesAsync(Guid.NewGuid(), Ct));
        Assert.Empty(await Store.GetEpochsAsync(Guid.NewGuid(), Ct));
        Assert.Null(await Store.TryClaimTrialAsync(Guid.NewGuid(), "w", T0, T0.AddMinutes(1), Ct));
        var page = await Store.GetTrialsAsync(Guid.NewGuid(), new TrialQuery(), Ct);
        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    // ---- searches ----

    [Fact]
    public async Task CreateSearch_RoundTripsEveryField_WithUnicodeAndOffsets()
    {
        var search = new SearchRecord(
            Guid.NewGuid(), "Ünïcødé 検索 🚀 'quoted' \"name\"", "grid", SearchStatus.Running, Spec, -7, "fashion-mnist", 0.125, 3,
            null, new DateTimeOffset(2026, 11, 27, 14, 30, 15, 123, TimeSpan.FromHours(2)),
            StartedAt: T0.AddSeconds(1), CompletedAt: T0.AddSeconds(2), SanityJson: """{"initialLoss":2.30,"overfit20":1.0}""",
            BestTrialId: Guid.NewGuid(), BestValidationAccuracy: 0.875, TestAccuracy: 0.86, Error: "boom ✗");

        await Store.CreateSearchAsync(search, Stage(search), [], Ct);
        var stored = await Store.GetSearchAsync(search.Id, Ct);

        Assert.NotNull(stored);
        AssertJsonEqual(search.SpecJson, stored.SpecJson);
        AssertJsonEqual(search.SanityJson!, stored.SanityJson);
        Assert.Equal(search, stored with { SpecJson = search.SpecJson, SanityJson = search.SanityJson });
        Assert.Equal(search.CreatedAt.UtcTicks, stored.CreatedAt.UtcTicks);
    }

    [Fact]
    public async Task Timestamps_KeepMicroseconds_AndSortByInstant()
    {
        // 100 ns ticks are cut to whole microseconds (PostgreSQL's precision) by both stores.
        var precise = new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
        var (early, _) = await SeedSearchAsync(1, precise.ToOffset(TimeSpan.FromHours(-5)));
        var (late, _) = await SeedSearchAsync(1, precise.AddTicks(10).ToOffset(TimeSpan.FromHours(9)));

        var stored = await Store.GetSearchAsync(early.Id, Ct);
        var newestFirst = await Store.ListSearchesAsync(0, 10, Ct);

        Assert.Equal(precise.AddTicks(-7), stored!.CreatedAt);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Equal([late.Id, early.Id], newestFirst.Items.Select(s => s.Id));
    }

    [Fact]
    public async Task CreateSearch_RoundTripsNulls()
    {
        var search = Search();

        await Store.CreateSearchAsync(search, Stage(search, 1, 0), [], Ct);
        var stored = await Store.GetSearchAsync(search.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(search, stored with { SpecJson = search.SpecJson });
        Assert.Null(stored.StartedAt);
        Assert.Null(stored.SanityJson);
        Assert.Null(stored.BestTrialId);
        Assert.Null(stored.ComparisonId);
    }

    [Fact]
    public async Task CreateSearch_StoresFirstStageAndQueuedTrials()
    {
        var (search, trials) = await SeedSearchAsync(4);

        var stages = await Store.GetStagesAsync(search.Id, Ct);
        var stageTrials = await Store.GetStageTrialsAsync(search.Id, 1, Ct);

        var stage = Assert.Single(stages);
        Assert.Equal(Stage(search, 1, 4), stage with { SpaceJson = Space });
        AssertJsonEqual(Space, stage.SpaceJson);
        Assert.Equal([0, 1, 2, 3], stageTrials.Select(t => t.Index));
        Assert.All(stageTrials, t => Assert.Equal(TrialStatus.Queued, t.Status));
        for (var i = 0; i < trials.Count; i++)
        {
            AssertJsonEqual(trials[i].HyperparametersJson, stageTrials[i].HyperparametersJson);
            Assert.Equal(trials[i], stageTrials[i] with { HyperparametersJson = trials[i].HyperparametersJson });
        }
    }

    [Fact]
    public async Task CreateSearch_RoundTripsTrialResultFields()
    {
        var search = Search();
        var trial = Trial(search, 1, 0) with
        {
            Status = TrialStatus.Diverged, TrainAccuracy = 0.1, ValidationAccuracy = 0.05, AccuracyGap = 0.05, Overfit = false,
            TrainLoss = double.PositiveInfinity, ValidationLoss = 1e300, InitialLoss = 2.3025, DurationSeconds = 1.5,
            Worker = "host-1:42", Attempts = 2, StartedAt = T0.AddSeconds(3), CompletedAt = T0.AddSeconds(4), Error = "loss diverged",
        };
        var overfit = Trial(search, 1, 1) with { Overfit = true };

        await Store.CreateSearchAsync(search, Stage(search), [trial, overfit], Ct);
        var stored = await Store.GetTrialAsync(trial.Id, Ct);

        Assert.NotNull(stored);
        Assert.Equal(trial, stored with { HyperparametersJson = trial.HyperparametersJson });
        Assert.True((await Store.GetTrialAsync(overfit.Id, Ct))!.Overfit);
    }

    [Fact]
    public async Task CreateSearch_WithInvalidTrial_LeavesNothing()
    {
        var search = Search();
        var trials = Trials(search, 1, 2);
        trials.Add(Trial(search, 1, 1)); // duplicate (search, stage, index)

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CreateSearchAsync(search, Stage(search), trials, Ct));

        Assert.Null(await Store.GetSearchAsync(search.Id, Ct));
        Assert.Empty(await Store.GetStagesAsync(search.Id, Ct));
        Assert.Null(await Store.GetTrialAsync(trials[0].Id, Ct));
        Assert.Equal(0, (await Store.ListSearchesAsync(0, 10, Ct)).Total);
    }

    [Fact]
    public async Task ListSearches_PagesNewestFirst_WithTotal()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await SeedSearchAsync(1, T0.AddMinutes(i))).Search.Id);
        }

        var first = await Store.ListSearchesAsync(0, 2, Ct);
        var last = await Store.ListSearchesAsync(4, 2, Ct);

        Assert.Equal(5, first.Total);
        Assert.Equal([ids[4], ids[3]], first.Items.Select(s => s.Id));
        Assert.Equal((0, 2), (first.Offset, first.Limit));
        Assert.Equal([ids[0]], last.Items.Select(s => s.Id));
        Assert.Equal(5, last.Total);
    }

    [Fact]
    public async Task ListActiveSearches_ReturnsQueuedAndRunning_OldestFirst()
    {
        var running = await SeedSearchAsync(1, T0.AddMinutes(2), SearchStatus.Running);
        var queued = await SeedSearchAsync(1, T0.AddMinutes(1), SearchStatus.Queued);
        await SeedSearchAsync(1, T0, SearchStatus.Completed);
        await SeedSearchAsync(1, T0, SearchStatus.Cancelled);
        await SeedSearchAsync(1, T0, SearchStatus.Failed);

        var active = await Store.ListActiveSearchesAsync(Ct);

        Assert.Equal([queued.Search.Id, running.Search.Id], active.Select(s => s.Id));
    }

    [Fact]
    public async Task TransitionSearch_ToRunning_SetsStartedAtOnce()
    {
        var (search, _) = await SeedSearchAsync(1);

        var moved = await Store.TransitionSearchAsync(search.Id, [SearchStatus.Queued], SearchStatus.Running, null, T0.AddSeconds(5), Ct);
        var again = await Store.TransitionSearchAsync(search.Id, [SearchStatus.Running], SearchStatus.Running, null, T0.AddSeconds(9), Ct);
        var stored = await Store.GetSearchAsync(search.Id, Ct);

        Assert.True(moved);
        Assert.True(again);
        Assert.Equal(SearchStatus.Running, stored!.Status);
        Assert.Equal(T0.AddSeconds(5), stored.StartedAt);
        Assert.Null(stored.CompletedAt);
    }

    [Fact]
    public async Task TransitionSearch_FromOtherStatus_ReturnsFalseAndChangesNothing()
    {
        var (search, _) = await SeedSearchAsync(1);

        var moved = await Store.TransitionSearchAsync(search.Id, [SearchStatus.Running, SearchStatus.Failed], SearchStatus.Completed, "x", T0, Ct);
        var none = await Store.TransitionSearchAsync(search.Id, [], SearchStatus.Completed, null, T0, Ct);
        var unknown = await Store.TransitionSearchAsync(Guid.NewGuid(), [SearchStatus.Queued], SearchStatus.Running, null, T0, Ct);

        Assert.False(moved);
        Assert.False(none);
        Assert.False(unknown);
        Assert.Equal(search, (await Store.GetSearchAsync(search.Id, Ct))! with { SpecJson = search.SpecJson });
    }

    [Fact]
    public async Task TransitionSearch_ToTerminal_SetsCompletedAtAndError()
    {
        var (search, _) = await SeedSearchAsync(1);
        await Store.TransitionSearchAsync(search.Id, [SearchStatus.Queued], SearchStatus.Running, null, T0.AddSeconds(1), Ct);

        var moved = await Store.TransitionSearchAsync(search.Id, [SearchStatus.Queued, SearchStatus.Running], SearchStatus.Failed, "dataset missing", T0.AddSeconds(7), Ct);
        var stored = await Store.GetSearchAsync(search.Id, Ct);

        Assert.True(moved);
        Assert.Equal(SearchStatus.Failed, stored!.Status);
        Assert.Equal(T0.AddSeconds(1), stored.StartedAt);
        Assert.Equal(T0.AddSeconds(7), stored.CompletedAt);
        Assert.Equal("dataset missing", stored.Error);
    }

    [Fact]
    public async Task SetSanityBestTrialAndTestAccuracy_AreStoredOnTheSearch()
    {
        var (search, trials) = await SeedSearchAsync(2);
        const string sanity = """{"initialLoss":{"value":2.31,"expected":2.302585,"ok":true},"overfitSmall":{"accuracy":1.0,"ok":true}}""";

        await Store.SetSanityAsync(search.Id, sanity, Ct);
        await Store.SetBestTrialAsync(search.Id, trials[1].Id, 0.91, Ct);
        await Store.SetTestAccuracyAsync(search.Id, 0.89, Ct);
        var stored = await Store.GetSearchAsync(search.Id, Ct);

        AssertJsonEqual(sanity, stored!.SanityJson);
        Assert.Equal(trials[1].Id, stored.BestTrialId);
        Assert.Equal(0.91, stored.BestValidationAccuracy);
        Assert.Equal(0.89, stored.TestAccuracy);
    }

    // ---- stages ----

    [Fact]
    public async Task TryAddStage_AddsStageAndItsTrials()
    {
        var (search, _) = await SeedSearchAsync(2);
        var stage2 = Stage(search, 2, 3);

        var added = await Store.TryAddStageAsync(stage2, Trials(search, 2, 3), Ct);

        Assert.True(added);
        Assert.Equal([1, 2], (await Store.GetStagesAsync(search.Id, Ct)).Select(s => s.Stage));
        Assert.Equal(3, (await Store.GetStageTrialsAsync(search.Id, 2, Ct)).Count);
        Assert.Equal(2, (await Store.GetStageTrialsAsync(search.Id, 1, Ct)).Count);
    }

    [Fact]
    public async Task TryAddStage_Twice_WritesOnlyTheFirst()
    {
        var (search, _) = await SeedSearchAsync(2);
        var first = Trials(search, 2, 3);

        var a = await Store.TryAddStageAsync(Stage(search, 2, 3), first, Ct);
        var b = await Store.TryAddStageAsync(Stage(search, 2, 5) with { Epochs = 9 }, Trials(search, 2, 5), Ct);
        var existing = await Store.TryAddStageAsync(Stage(search, 1, 1), Trials(search, 1, 1), Ct);

        Assert.True(a);
        Assert.False(b);
        Assert.False(existing);
        Assert.Equal(first.Select(t => t.Id), (await Store.GetStageTrialsAsync(search.Id, 2, Ct)).Select(t => t.Id));
        Assert.Equal(2, (await Store.GetStagesAsync(search.Id, Ct))[1].Epochs);
    }

    [Fact]
    public async Task TryAddStage_Concurrently_ExactlyOneWins()
    {
        var (search, _) = await SeedSearchAsync(1);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            Task.Run(() => Store.TryAddStageAsync(Stage(search, 2, 2), Trials(search, 2, 2), Ct))));

        Assert.Single(results, r => r);
        Assert.Equal(2, (await Store.GetStageTrialsAsync(search.Id, 2, Ct)).Count);
    }

    [Fact]
    public async Task GetStatusCounts_GroupsByStageAndStatus()
    {
        var (search, trials) = await SeedSearchAsync(4);
        await Store.TryAddStageAsync(Stage(search, 2, 2), Trials(search, 2, 2), Ct);
        var claim = await ClaimAsync(trials[0].Id);
        await Store.CompleteTrialAsync(claim, Outcome(), T0, Ct);
        await ClaimAsync(trials[1].Id);

        var counts = await Store.GetStatusCountsAsync(search.Id, Ct);

        Assert.Equal(
            new[] { new StatusCount(1, TrialStatus.Completed, 1), new StatusCount(1, TrialStatus.Queued, 2), new StatusCount(1, TrialStatus.Running, 1), new StatusCount(2, TrialStatus.Queued, 2) },
            counts.OrderBy(c => c.Stage).ThenBy(c => c.Status.ToString(), StringComparer.Ordinal));
    }

    // ---- several searches at once (list views) ----

    [Fact]
    public async Task GetStages_OfSeveralSearches_MapsEachToItsStagesInOrder_AndTheRestToEmpty()
    {
        var (a, _) = await SeedSearchAsync(2);
        await Store.TryAddStageAsync(Stage(a, 2, 1), Trials(a, 2, 1), Ct);
        var (b, _) = await SeedSearchAsync(3);
        await SeedSearchAsync(1); // not asked for
        var unknown = Guid.NewGuid();

        var stages = await Store.GetStagesAsync([b.Id, a.Id, unknown, a.Id], Ct);

        Assert.Equal(new[] { a.Id, b.Id, unknown }.Order(), stages.Keys.Order());
        Assert.Equal([Stage(a, 1, 2), Stage(a, 2, 1)], stages[a.Id].Select(s => s with { SpaceJson = Space }));
        Assert.Equal([Stage(b, 1, 3)], stages[b.Id].Select(s => s with { SpaceJson = Space }));
        Assert.All(stages[a.Id], s => AssertJsonEqual(Space, s.SpaceJson));
        Assert.Empty(stages[unknown]);
        Assert.Equal(await Store.GetStagesAsync(a.Id, Ct), stages[a.Id]);
    }

    [Fact]
    public async Task GetStatusCounts_OfSeveralSearches_GroupsEachByStageAndStatus_AndTheRestToEmpty()
    {
        var (a, aTrials) = await SeedSearchAsync(3);
        await Store.TryAddStageAsync(Stage(a, 2, 2), Trials(a, 2, 2), Ct);
        await Store.CompleteTrialAsync(await ClaimAsync(aTrials[0].Id), Outcome(), T0, Ct);
        var (b, bTrials) = await SeedSearchAsync(2);
        await ClaimAsync(bTrials[1].Id);
        var noTrials = Search();
        await Store.CreateSearchAsync(noTrials, Stage(noTrials, 1, 0), [], Ct);
        await SeedSearchAsync(4); // not asked for
        var unknown = Guid.NewGuid();

        var counts = await Store.GetStatusCountsAsync([a.Id, b.Id, noTrials.Id, unknown], Ct);

        Assert.Equal(new[] { a.Id, b.Id, noTrials.Id, unknown }.Order(), counts.Keys.Order());
        Assert.Equal(
            [new StatusCount(1, TrialStatus.Completed, 1), new StatusCount(1, TrialStatus.Queued, 2), new StatusCount(2, TrialStatus.Queued, 2)],
            counts[a.Id]);
        Assert.Equal([new StatusCount(1, TrialStatus.Queued, 1), new StatusCount(1, TrialStatus.Running, 1)], counts[b.Id]);
        Assert.Empty(counts[noTrials.Id]);
        Assert.Empty(counts[unknown]);
        Assert.Equal(await Store.GetStatusCountsAsync(a.Id, Ct), counts[a.Id]);
    }

    [Fact]
    public async Task GetStagesAndStatusCounts_OfNoSearches_AreEmpty()
    {
        await SeedSearchAsync(2);

        Assert.Empty(await Store.GetStagesAsync([], Ct));
        Assert.Empty(await Store.GetStatusCountsAsync([], Ct));
    }

    [Fact]
    public async Task GetStagesAndStatusCounts_OfAFullPageOfSearches_AreAllThere()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add((await SeedSearchAsync(i % 3)).Search.Id);
        }

        var stages = await Store.GetStagesAsync(ids, Ct);
        var counts = await Store.GetStatusCountsAsync(ids, Ct);

        Assert.All(ids, id => Assert.Equal(1, Assert.Single(stages[id]).Stage));
        Assert.Equal(ids.Select((_, i) => i % 3), ids.Select(id => counts[id].Sum(c => c.Count)));
    }

    // ---- trial pages ----

    private async Task<(SearchRecord Search, List<TrialRecord> Trials)> SeedScoredAsync()
    {
        // Stage 1: indexes 0..4 with validation accuracies 0.5, null, 0.9, 0.7, 0.9 (a tie); stage 2: index 0 at 0.8.
        var (search, trials) = await SeedSearchAsync(5);
        double?[] accuracies = [0.5, null, 0.9, 0.7, 0.9];
        for (var i = 0; i < trials.Count; i++)
        {
            if (accuracies[i] is { } v)
            {
                var claim = await ClaimAsync(trials[i].Id);
                await Store.CompleteTrialAsync(claim, Outcome(train: v + (i == 4 ? 0.2 : 0.05), validation: v), T0.AddSeconds(i), Ct);
            }
        }

        var stage2 = Trials(search, 2, 1);
        await Store.TryAddStageAsync(Stage(search, 2, 1), stage2, Ct);
        var c2 = await ClaimAsync(stage2[0].Id);
        await Store.CompleteTrialAsync(c2, Outcome(train: 0.85, validation: 0.8), T0, Ct);
        return (search, [.. trials, .. stage2]);
    }

    [Fact]
    public async Task GetTrials_SortsByValidationAccuracy_NullsLastBothWays_TiesByIndex()
    {
        var (search, t) = await SeedScoredAsync();

        var desc = await Store.GetTrialsAsync(search.Id, new TrialQuery(Sort: TrialSort.ValidationAccuracy, Descending: true), Ct);
        var asc = await Store.GetTrialsAsync(search.Id, new TrialQuery(Sort: TrialSort.ValidationAccuracy), Ct);

        Assert.Equal([t[2].Id, t[4].Id, t[5].Id, t[3].Id, t[0].Id, t[1].Id], desc.Items.Select(x => x.Id));
        Assert.Equal([t[0].Id, t[3].Id, t[5].Id, t[2].Id, t[4].Id, t[1].Id], asc.Items.Select(x => x.Id));
        Assert.Equal(6, desc.Total);
    }

    [Fact]
    public async Task GetTrials_SortsByAHyperparameterInsideTheJson_TiesByStageThenIndex()
    {
        var (search, t) = await SeedScoredAsync(); // learningRate = 0.001 × (index + 1); stage 2's trial has index 0

        var desc = await Store.GetTrialsAsync(search.Id, new TrialQuery(Sort: TrialSort.LearningRate, Descending: true), Ct);
        var asc = await Store.GetTrialsAsync(search.Id, new TrialQuery(Sort: TrialSort.LearningRate), Ct);
        var byRegularization = await Store.GetTrialsAsync(search.Id, new TrialQuery(Sort: TrialSort.Regularization, Descending: true), Ct);

        Assert.Equal([t[4].Id, t[3].Id, t[2].Id, t[1].Id, t[0].Id, t[5].Id], desc.Items.Select(x => x.Id));
        Assert.Equal([t[0].Id, t[5].Id, t[1].Id, t[2].Id, t[3].Id, t[4].Id], asc.Items.Select(x => x.Id));
        Assert.Equal(t.Select(x => x.Id), byRegularization.Items.Select(x => x.Id)); // absent everywhere: all null, stage/index order
    }

    [Fact]
    public async Task GetTrials_DefaultOrderIsStageThenIndex_AndDescendingReversesIt()
    {
        var (search, t) = await SeedScoredAsync();

        var asc = await Store.GetTrialsAsync(search.Id, new TrialQuery(), Ct);
        var desc = await Store.GetTrialsAsync(search.Id, new TrialQuery(Descending: true), Ct);

        Assert.Equal(t.Select(x => x.Id), asc.Items.Select(x => x.Id));
        Assert.Equal(t.Select(x => x.Id).Reverse(), desc.Items.Select(x => x.Id));
    }

    [Fact]
    public async Task GetTrials_FiltersByStageStatusAndOverfit_TotalCountsTheFilter()
    {
        var (search, t) = await SeedScoredAsync();

        var stage1Done = await Store.GetTrialsAsync(search.Id, new TrialQuery(Stage: 1, Status: TrialStatus.Completed, Limit: 2), Ct);
        var overfit = await Store.GetTrialsAsync(search.Id, new TrialQuery(Overfit: true), Ct);
        var notOverfit = await Store.GetTrialsAsync(search.Id, new TrialQuery(Overfit: false), Ct);
        var queued = await Store.GetTrialsAsync(search.Id, new TrialQuery(Status: TrialStatus.Queued), Ct);

        Assert.Equal(4, stage1Done.Total);
        Assert.Equal([t[0].Id, t[2].Id], stage1Done.Items.Select(x => x.Id));
        Assert.Equal([t[4].Id], overfit.Items.Select(x => x.Id));
        Assert.Equal(4, notOverfit.Total);
        Assert.Equal([t[1].Id], queued.Items.Select(x => x.Id));
    }

    [Fact]
    public async Task GetTrials_PagesThroughOtherSortKeys_WithoutGapsOrRepeats()
    {
        var (search, t) = await SeedScoredAsync();

        foreach (var sort in Enum.GetValues<TrialSort>())
        {
            foreach (var descending in new[] { false, true })
            {
                var seen = new List<Guid>();
                for (var offset = 0; offset < 6; offset += 4)
                {
                    var page = await Store.GetTrialsAsync(search.Id, new TrialQuery(Sort: sort, Descending: descending, Offset: offset, Limit: 4), Ct);
                    Assert.Equal(6, page.Total);
                    seen.AddRange(page.Items.Select(x => x.Id));
                }

                Assert.Equal(t.Select(x => x.Id).Order(), seen.Order());
                if (sort is not (TrialSort.Index or TrialSort.CreatedAt or TrialSort.LearningRate or TrialSort.Regularization))
                {
                    Assert.Equal(t[1].Id, seen[^1]); // the unfinished trial (null metrics) is last both ways
                }
            }
        }
    }

    // ---- claims and leases ----

    [Fact]
    public async Task TryClaim_QueuedTrial_SetsRunningWorkerAttemptAndLease()
    {
        var (_, trials) = await SeedSearchAsync(1);

        var claim = await Store.TryClaimTrialAsync(trials[0].Id, "host-a:1", T0, T0.AddSeconds(30), Ct);
        var stored = await Store.GetTrialAsync(trials[0].Id, Ct);

        Assert.NotNull(claim);
        Assert.Equal((trials[0].Id, "host-a:1", 1), (claim.TrialId, claim.Worker, claim.Attempt));
        Assert.NotEqual(Guid.Empty, claim.Token);
        Assert.Equal(TrialStatus.Running, stored!.Status);
        Assert.Equal("host-a:1", stored.Worker);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal(T0, stored.StartedAt);
        Assert.Empty(await Store.GetExpiredTrialsAsync(T0.AddSeconds(29), Ct));
        Assert.Single(await Store.GetExpiredTrialsAsync(T0.AddSeconds(31), Ct));
    }

    [Fact]
    public async Task TryClaim_HeldOrTerminalTrial_ReturnsNull()
    {
        var (_, trials) = await SeedSearchAsync(2);
        var held = await ClaimAsync(trials[0].Id);
        var done = await ClaimAsync(trials[1].Id);
        await Store.CompleteTrialAsync(done, Outcome(), T0, Ct);

        var second = await Store.TryClaimTrialAsync(trials[0].Id, "w2", T0.AddSeconds(10), T0.AddSeconds(70), Ct);
        var terminal = await Store.TryClaimTrialAsync(trials[1].Id, "w2", T0.AddHours(1), T0.AddHours(2), Ct);

        Assert.Null(second);
        Assert.Null(terminal);
        Assert.Equal("w1", (await Store.GetTrialAsync(trials[0].Id, Ct))!.Worker);
        Assert.True(await Store.RenewLeaseAsync(held, T0.AddSeconds(90), Ct));
    }

    [Fact]
    public async Task TryClaim_EightConcurrentExecutors_ExactlyOneWins()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await Store.TryClaimTrialAsync(trials[0].Id, $"w{i}", T0, T0.AddMinutes(1), Ct);
        })).ToList();

        gate.SetResult();
        var claims = await Task.WhenAll(racers);

        var winner = Assert.Single(claims, c => c is not null);
        var stored = await Store.GetTrialAsync(trials[0].Id, Ct);
        Assert.Equal(1, stored!.Attempts);
        Assert.Equal(winner!.Worker, stored.Worker);
    }

    [Fact]
    public async Task ConcurrentExecutors_OnDifferentTrials_AllSucceed()
    {
        var (search, trials) = await SeedSearchAsync(8);

        var results = await Task.WhenAll(trials.Select((t, i) => Task.Run(async () =>
        {
            var claim = await Store.TryClaimTrialAsync(t.Id, $"w{i}", T0, T0.AddMinutes(1), Ct);
            Assert.NotNull(claim);
            for (var e = 1; e <= 3; e++)
            {
                Assert.True(await Store.AddEpochAsync(claim, Epoch(t.Id, e), Layers(t.Id, e), Ct));
            }

            return await Store.CompleteTrialAsync(claim, Outcome(), T0.AddSeconds(1), Ct);
        })));

        Assert.All(results, Assert.True);
        Assert.Equal([new StatusCount(1, TrialStatus.Completed, 8)], await Store.GetStatusCountsAsync(search.Id, Ct));
    }

    [Fact]
    public async Task TryClaim_AfterLeaseExpired_ReclaimsAndRevokesTheDeadClaim()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var id = trials[0].Id;
        var dead = await ClaimAsync(id, "dead", leaseSeconds: 10);
        await Store.AddEpochAsync(dead, Epoch(id, 1), Layers(id, 1), Ct);

        var expired = await Store.GetExpiredTrialsAsync(T0.AddSeconds(11), Ct);
        var live = await Store.TryClaimTrialAsync(id, "live", T0.AddSeconds(11), T0.AddSeconds(71), Ct);

        Assert.Equal([id], expired.Select(t => t.Id));
        Assert.NotNull(live);
        Assert.Equal(2, live.Attempt);
        Assert.Empty(await Store.GetEpochsAsync(id, Ct));
        Assert.Empty(await Store.GetDiagnosticsAsync(id, Ct));
        Assert.False(await Store.RenewLeaseAsync(dead, T0.AddMinutes(5), Ct));
        Assert.False(await Store.AddEpochAsync(dead, Epoch(id, 1), Layers(id, 1), Ct));
        Assert.False(await Store.CompleteTrialAsync(dead, Outcome(), T0.AddSeconds(12), Ct));
        Assert.True(await Store.AddEpochAsync(live, Epoch(id, 1), [], Ct));
        Assert.True(await Store.CompleteTrialAsync(live, Outcome(), T0.AddSeconds(20), Ct));
        var stored = await Store.GetTrialAsync(id, Ct);
        Assert.Equal(("live", 2, TrialStatus.Completed), (stored!.Worker, stored.Attempts, stored.Status));
    }

    [Fact]
    public async Task RenewLease_ExtendsTheLease_SoTheTrialDoesNotExpire()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var claim = await ClaimAsync(trials[0].Id, leaseSeconds: 10);

        var renewed = await Store.RenewLeaseAsync(claim, T0.AddSeconds(100), Ct);

        Assert.True(renewed);
        Assert.Empty(await Store.GetExpiredTrialsAsync(T0.AddSeconds(50), Ct));
        Assert.Null(await Store.TryClaimTrialAsync(trials[0].Id, "other", T0.AddSeconds(50), T0.AddSeconds(110), Ct));
        Assert.NotNull(await Store.TryClaimTrialAsync(trials[0].Id, "other", T0.AddSeconds(101), T0.AddSeconds(160), Ct));
    }

    // ---- epochs and results ----

    [Fact]
    public async Task AddEpoch_StoresEpochsAndDiagnosticsInOrder_ReplacingARewrittenEpoch()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var id = trials[0].Id;
        var claim = await ClaimAsync(id);

        Assert.True(await Store.AddEpochAsync(claim, Epoch(id, 2), Layers(id, 2, 3), Ct));
        Assert.True(await Store.AddEpochAsync(claim, Epoch(id, 1), Layers(id, 1, 3), Ct));
        var rewritten = Epoch(id, 2) with { TrainLoss = 0.123, Seconds = 9 };
        Assert.True(await Store.AddEpochAsync(claim, rewritten, Layers(id, 2, 1), Ct));

        var epochs = await Store.GetEpochsAsync(id, Ct);
        var layers = await Store.GetDiagnosticsAsync(id, Ct);

        Assert.Equal([Epoch(id, 1), rewritten], epochs);
        Assert.Equal([.. Layers(id, 1, 3), .. Layers(id, 2, 1)], layers);
    }

    [Fact]
    public async Task AddEpoch_RoundTripsNonFiniteValues()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var id = trials[0].Id;
        var claim = await ClaimAsync(id);
        var epoch = new EpochRecord(id, 1, double.NaN, 0.1, double.PositiveInfinity, 0.1, 10, 0.5);
        var layer = new LayerDiagnosticRecord(id, 1, 0, double.NaN, double.PositiveInfinity, 1, 0, double.NegativeInfinity);

        Assert.True(await Store.AddEpochAsync(claim, epoch, [layer], Ct));

        Assert.Equal(epoch, Assert.Single(await Store.GetEpochsAsync(id, Ct)));
        Assert.Equal(layer, Assert.Single(await Store.GetDiagnosticsAsync(id, Ct)));
    }

    [Fact]
    public async Task AddEpoch_ForAnotherTrial_Throws()
    {
        var (_, trials) = await SeedSearchAsync(2);
        var claim = await ClaimAsync(trials[0].Id);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddEpochAsync(claim, Epoch(trials[1].Id, 1), [], Ct));
    }

    [Fact]
    public async Task CompleteTrial_WritesTheResultOnce()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var claim = await ClaimAsync(trials[0].Id);
        var outcome = new TrialOutcome(TrialStatus.Completed, 0.95, 0.8, 0.15, true, 0.1, 0.6, 2.3, 42.5, null);

        var first = await Store.CompleteTrialAsync(claim, outcome, T0.AddSeconds(43), Ct);
        var second = await Store.CompleteTrialAsync(claim, Outcome(0.1, 0.1, TrialStatus.Failed), T0.AddSeconds(99), Ct);
        var stored = await Store.GetTrialAsync(trials[0].Id, Ct);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(
            (TrialStatus.Completed, 0.95, 0.8, 0.15, true, 0.1, 0.6, 2.3, 42.5, (string?)null, T0.AddSeconds(43)),
            (stored!.Status, stored.TrainAccuracy, stored.ValidationAccuracy, stored.AccuracyGap, stored.Overfit, stored.TrainLoss,
             stored.ValidationLoss, stored.InitialLoss, stored.DurationSeconds, stored.Error, stored.CompletedAt));
        Assert.False(await Store.RenewLeaseAsync(claim, T0.AddHours(1), Ct));
        Assert.False(await Store.AddEpochAsync(claim, Epoch(trials[0].Id, 1), [], Ct));
        Assert.Empty(await Store.GetExpiredTrialsAsync(T0.AddDays(1), Ct));
    }

    [Fact]
    public async Task CompleteTrial_RacingDuplicates_StoreExactlyOneResult()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var claim = await ClaimAsync(trials[0].Id);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
            Store.CompleteTrialAsync(claim, Outcome(0.9, 0.5 + (i / 100.0)), T0.AddSeconds(i), Ct))));

        Assert.Single(results, r => r);
        var winner = Array.IndexOf(results, true);
        Assert.Equal(0.5 + (winner / 100.0), (await Store.GetTrialAsync(trials[0].Id, Ct))!.ValidationAccuracy);
    }

    [Fact]
    public async Task CompleteTrial_WithNonTerminalStatus_Throws()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var claim = await ClaimAsync(trials[0].Id);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.CompleteTrialAsync(claim, Outcome(status: TrialStatus.Running), T0, Ct));
    }

    [Fact]
    public async Task CancelTrials_CancelsQueuedAndRunning_AndRevokesClaims()
    {
        var (search, trials) = await SeedSearchAsync(4);
        var done = await ClaimAsync(trials[0].Id);
        await Store.CompleteTrialAsync(done, Outcome(), T0, Ct);
        var running = await ClaimAsync(trials[1].Id);
        var other = await SeedSearchAsync(1);

        var changed = await Store.CancelTrialsAsync(search.Id, T0.AddSeconds(5), Ct);

        Assert.Equal(3, changed);
        var stored = await Store.GetStageTrialsAsync(search.Id, 1, Ct);
        Assert.Equal([TrialStatus.Completed, TrialStatus.Cancelled, TrialStatus.Cancelled, TrialStatus.Cancelled], stored.Select(t => t.Status));
        Assert.Equal(T0.AddSeconds(5), stored[2].CompletedAt);
        Assert.False(await Store.RenewLeaseAsync(running, T0.AddMinutes(5), Ct));
        Assert.False(await Store.AddEpochAsync(running, Epoch(trials[1].Id, 1), [], Ct));
        Assert.False(await Store.CompleteTrialAsync(running, Outcome(), T0, Ct));
        Assert.Null(await Store.TryClaimTrialAsync(trials[2].Id, "w", T0.AddHours(1), T0.AddHours(2), Ct));
        Assert.Equal(TrialStatus.Queued, (await Store.GetTrialAsync(other.Trials[0].Id, Ct))!.Status);
        Assert.Equal(0, await Store.CancelTrialsAsync(search.Id, T0.AddSeconds(6), Ct));
    }

    [Fact]
    public async Task GetQueuedTrials_ReturnsQueuedTrialsOfActiveSearches_OldestFirst()
    {
        var later = await SeedSearchAsync(2, T0.AddMinutes(5), SearchStatus.Running);
        var earlier = await SeedSearchAsync(1, T0, SearchStatus.Queued);
        await SeedSearchAsync(2, T0, SearchStatus.Cancelled);
        await ClaimAsync(later.Trials[0].Id);

        var queued = await Store.GetQueuedTrialsAsync(Ct);

        Assert.Equal([earlier.Trials[0].Id, later.Trials[1].Id], queued.Select(t => t.Id));
    }

    // ---- comparisons ----

    [Fact]
    public async Task CreateComparison_StoresItAndBothSearches_AndListsNewestFirst()
    {
        var older = await CreateComparisonAsync(T0);
        var newer = await CreateComparisonAsync(T0.AddHours(1));

        var stored = await Store.GetComparisonAsync(newer.Id, Ct);
        var page = await Store.ListComparisonsAsync(0, 1, Ct);
        var random = await Store.GetSearchAsync(newer.RandomSearchId, Ct);
        var grid = await Store.GetSearchAsync(newer.GridSearchId, Ct);

        AssertJsonEqual(newer.SpecJson, stored!.SpecJson);
        Assert.Equal(newer, stored with { SpecJson = newer.SpecJson });
        Assert.Equal(2, page.Total);
        Assert.Equal([newer.Id], page.Items.Select(c => c.Id));
        Assert.Equal([older.Id], (await Store.ListComparisonsAsync(1, 5, Ct)).Items.Select(c => c.Id));
        Assert.Equal(("random", newer.Id), (random!.Strategy, random.ComparisonId!.Value));
        Assert.Equal(("grid", newer.Id), (grid!.Strategy, grid.ComparisonId!.Value));
        Assert.Equal(4, (await Store.GetStageTrialsAsync(grid.Id, 1, Ct)).Count);
        Assert.Equal(4, (await Store.ListSearchesAsync(0, 10, Ct)).Total);
    }

    [Fact]
    public async Task CreateComparison_WhenASearchFails_LeavesNothing()
    {
        var comparisonId = Guid.NewGuid();
        var random = Search(comparisonId: comparisonId);
        var grid = Search(comparisonId: comparisonId, strategy: "grid");
        var gridTrials = Trials(grid, 1, 2);
        gridTrials.Add(gridTrials[0] with { Id = Guid.NewGuid() }); // duplicate index
        var comparison = new ComparisonRecord(comparisonId, "cmp", 4, Spec, random.Id, grid.Id, T0);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.CreateComparisonAsync(
            comparison, [(random, Stage(random), Trials(random, 1, 2)), (grid, Stage(grid), gridTrials)], Ct));

        Assert.Null(await Store.GetComparisonAsync(comparisonId, Ct));
        Assert.Null(await Store.GetSearchAsync(random.Id, Ct));
        Assert.Equal(0, (await Store.ListComparisonsAsync(0, 10, Ct)).Total);
    }

    private async Task<ComparisonRecord> CreateComparisonAsync(DateTimeOffset createdAt)
    {
        var comparisonId = Guid.NewGuid();
        var random = Search(createdAt, "cmp random", comparisonId: comparisonId);
        var grid = Search(createdAt, "cmp grid", comparisonId: comparisonId, strategy: "grid");
        var comparison = new ComparisonRecord(comparisonId, "random vs grid ⚖", 4, Spec, random.Id, grid.Id, createdAt);
        await Store.CreateComparisonAsync(
            comparison, [(random, Stage(random, 1, 4), Trials(random, 1, 4)), (grid, Stage(grid, 1, 4), Trials(grid, 1, 4))], Ct);
        return comparison;
    }

    // ---- datasets ----

    [Fact]
    public async Task TryAddDataset_StoresContent_AndGetReturnsIt()
    {
        var content = "x1,x2,label\n0.5,1.5,a\n\u00e9,2,b\n"u8.ToArray().Concat(new byte[] { 0, 255, 1 }).ToArray();
        var dataset = new DatasetRecord(Guid.NewGuid(), "my data ✓", "label", 2, 2, 2, content.Length, T0, content);

        var added = await Store.TryAddDatasetAsync(dataset, Ct);
        var stored = await Store.GetDatasetAsync("my data ✓", Ct);

        Assert.True(added);
        Assert.NotNull(stored);
        Assert.Equal(content, stored.Content);
        Assert.Equal(dataset with { Content = null }, stored with { Content = null });
    }

    [Fact]
    public async Task TryAddDataset_WithATakenName_ReturnsFalseAndKeepsTheFirst()
    {
        var first = new DatasetRecord(Guid.NewGuid(), "iris", "species", 150, 4, 3, 3, T0, [1, 2, 3]);
        var second = first with { Id = Guid.NewGuid(), Samples = 1, Content = [9] };

        Assert.True(await Store.TryAddDatasetAsync(first, Ct));
        Assert.False(await Store.TryAddDatasetAsync(second, Ct));

        var stored = await Store.GetDatasetAsync("iris", Ct);
        Assert.Equal((first.Id, 150), (stored!.Id, stored.Samples));
        Assert.Equal([1, 2, 3], stored.Content!);
    }

    [Fact]
    public async Task ListDatasets_OmitsContent_OrderedByName()
    {
        await Store.TryAddDatasetAsync(new DatasetRecord(Guid.NewGuid(), "zeta", "y", 1, 1, 2, 1, T0, [1]), Ct);
        await Store.TryAddDatasetAsync(new DatasetRecord(Guid.NewGuid(), "alpha", "y", 1, 1, 2, 1, T0, [2]), Ct);

        var list = await Store.ListDatasetsAsync(Ct);

        Assert.Equal(["alpha", "zeta"], list.Select(d => d.Name));
        Assert.All(list, d => Assert.Null(d.Content));
    }

    [Fact]
    public async Task TryRemoveDataset_RefusesWhileAnActiveSearchUsesIt_ThenRemoves()
    {
        await Store.TryAddDatasetAsync(new DatasetRecord(Guid.NewGuid(), "spiral", "label", 3, 2, 2, 1, T0, [1]), Ct);
        var (search, _) = await SeedSearchAsync(1); // its dataset is "spiral", status queued

        Assert.False(await Store.TryRemoveDatasetAsync("spiral", Ct));
        Assert.NotNull(await Store.GetDatasetAsync("spiral", Ct));

        await Store.TransitionSearchAsync(search.Id, [SearchStatus.Queued], SearchStatus.Cancelled, null, T0, Ct);
        Assert.True(await Store.TryRemoveDatasetAsync("spiral", Ct));
        Assert.Null(await Store.GetDatasetAsync("spiral", Ct));
        Assert.DoesNotContain(await Store.ListDatasetsAsync(Ct), d => d.Name == "spiral");
        Assert.False(await Store.TryRemoveDatasetAsync("spiral", Ct));
        Assert.False(await Store.TryAddDatasetAsync(new DatasetRecord(Guid.NewGuid(), "spiral", "label", 3, 2, 2, 1, T0, [2]), Ct)); // names are not reused
    }

    // ---- adaptive scheduling ----

    private static RungReport Rung(int rung, int epochs, double objective, byte fill = 7) =>
        new(rung, epochs, objective, Outcome(0.9, objective, TrialStatus.Pruned), Enumerable.Repeat(fill, 1000).ToArray());

    private static IReadOnlyList<RungPromotionRecord> PromoteBest(IReadOnlyList<RungEntry> entries) =>
        entries.Where(e => e.Rung == 0 && !e.Promoted).OrderByDescending(e => e.Objective).Take(1)
            .Select(e => new RungPromotionRecord(e.TrialId, 0, 3)).ToList();

    [Fact]
    public async Task ReportRung_PausesTheTrial_StoresItsCheckpointAndRung_AndPromotesWhatTheRuleNames()
    {
        var (search, trials) = await SeedSearchAsync(2);
        var claim = await ClaimAsync(trials[0].Id);

        IReadOnlyList<RungEntry>? seen = null;
        var promoted = await Store.ReportRungAsync(claim, Rung(0, 1, 0.7), e => { seen = e; return []; }, T0, Ct);

        Assert.NotNull(promoted);
        Assert.Empty(promoted);
        var entry = Assert.Single(seen!);
        Assert.Equal((trials[0].Id, 0, 0, 0.7, false), (entry.TrialId, entry.Index, entry.Rung, entry.Objective, entry.Promoted));
        var paused = (await Store.GetTrialAsync(trials[0].Id, Ct))!;
        Assert.Equal((TrialStatus.Paused, 1, 0, 0.7), (paused.Status, paused.EpochsTrained, paused.Rung, paused.ValidationAccuracy));
        var checkpoint = (await Store.GetCheckpointAsync(trials[0].Id, Ct))!;
        Assert.Equal((1, 1000), (checkpoint.Epoch, checkpoint.Data.Length));
        Assert.False(await Store.RenewLeaseAsync(claim, T0.AddMinutes(5), Ct)); // the claim is released

        var second = await ClaimAsync(trials[1].Id);
        promoted = await Store.ReportRungAsync(second, Rung(0, 1, 0.9), PromoteBest, T0, Ct);

        var p = Assert.Single(promoted!);
        Assert.Equal((trials[1].Id, 0, 3), (p.TrialId, p.FromRung, p.TargetEpochs));
        var queued = (await Store.GetTrialAsync(trials[1].Id, Ct))!;
        Assert.Equal((TrialStatus.Queued, 3, 1), (queued.Status, queued.LegEpochs, queued.EpochsTrained));
        Assert.Equal([(1, 0, 1, 2, 1)], (await Store.GetRungCountsAsync(search.Id, Ct)).Select(r => (r.Stage, r.Rung, r.Epochs, r.Reached, r.Promoted)));
    }

    [Fact]
    public async Task ReportRung_OfADivergedLeg_EndsTheTrialDiverged_CountsItAtTheRung_AndDecides()
    {
        // Trial 0 waits at rung 0 (0.7); trial 1 was promoted to rung 1 earlier and diverges on its way
        // there, after 2 of 3 epochs: it ends diverged, rung 1 counts it with no objective, and the rule runs.
        var (search, trials) = await SeedSearchAsync(2);
        var first = await ClaimAsync(trials[0].Id);
        await Store.ReportRungAsync(first, Rung(0, 1, 0.7), _ => [], T0, Ct);
        var second = await ClaimAsync(trials[1].Id);
        await Store.ReportRungAsync(second, Rung(0, 1, 0.9), e => [new RungPromotionRecord(trials[1].Id, 0, 3)], T0, Ct);
        var resumed = await ClaimAsync(trials[1].Id);
        var diverged = new TrialOutcome(TrialStatus.Diverged, null, null, null, null, double.NaN, null, 1.1, 2.5, "the loss diverged");

        IReadOnlyList<RungEntry>? seen = null;
        var promoted = await Store.ReportRungAsync(
            resumed, new RungReport(1, 2, 0.42, diverged, []), e => { seen = e; return [new RungPromotionRecord(trials[0].Id, 0, 3)]; }, T0, Ct);

        Assert.Equal(trials[0].Id, Assert.Single(promoted!).TrialId);
        var atRung1 = Assert.Single(seen!, e => e.Rung == 1);
        Assert.Equal(trials[1].Id, atRung1.TrialId);
        Assert.True(double.IsNaN(atRung1.Objective));
        var ended = (await Store.GetTrialAsync(trials[1].Id, Ct))!;
        Assert.Equal((TrialStatus.Diverged, 2, 1, "the loss diverged"), (ended.Status, ended.EpochsTrained, ended.Rung, ended.Error));
        Assert.NotNull(ended.CompletedAt);
        Assert.Null(ended.ValidationAccuracy);
        Assert.Null(await Store.GetCheckpointAsync(trials[1].Id, Ct));
        Assert.False(await Store.RenewLeaseAsync(resumed, T0.AddMinutes(5), Ct));
        Assert.Equal([(1, 0, 1, 2, 2), (1, 1, 3, 1, 0)], (await Store.GetRungCountsAsync(search.Id, Ct)).Select(r => (r.Stage, r.Rung, r.Epochs, r.Reached, r.Promoted)));
        Assert.Equal(TrialStatus.Queued, (await Store.GetTrialAsync(trials[0].Id, Ct))!.Status);
    }

    [Fact]
    public async Task ReportRung_WithAStaleClaim_WritesNothing()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var claim = await ClaimAsync(trials[0].Id);
        await Store.CancelTrialsAsync(trials[0].SearchId, T0, Ct);

        Assert.Null(await Store.ReportRungAsync(claim, Rung(0, 1, 0.5), PromoteBest, T0, Ct));
        Assert.Null(await Store.GetCheckpointAsync(trials[0].Id, Ct));
        Assert.Equal(TrialStatus.Cancelled, (await Store.GetTrialAsync(trials[0].Id, Ct))!.Status);
    }

    [Fact]
    public async Task ReportRung_Concurrently_PromotesEachTrialOnce()
    {
        // Eight trials finish rung 0 at once; the rule promotes the best trial not yet promoted. Serialised
        // per stage, each decision sees the ones before it: no trial is promoted twice.
        var (_, trials) = await SeedSearchAsync(8);
        var claims = new List<TrialClaim>();
        foreach (var t in trials)
        {
            claims.Add(await ClaimAsync(t.Id));
        }

        var results = await Task.WhenAll(claims.Select((c, i) => Task.Run(() => Store.ReportRungAsync(c, Rung(0, 1, 0.1 * i), PromoteBest, T0, Ct))));

        var promoted = results.SelectMany(r => r!).Select(p => p.TrialId).ToList();
        Assert.Equal(promoted.Distinct().Count(), promoted.Count);
        Assert.Equal(8, promoted.Count);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Queued, Store.GetTrialAsync(t.Id, Ct).Result!.Status));
    }

    [Fact]
    public async Task Reclaim_OfAResumedTrial_KeepsTheEpochsItsCheckpointCovers()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var claim = await ClaimAsync(trials[0].Id);
        await Store.AddEpochAsync(claim, Epoch(trials[0].Id, 1), [], Ct);
        await Store.ReportRungAsync(claim, Rung(0, 1, 0.5), e => [new RungPromotionRecord(trials[0].Id, 0, 3)], T0, Ct);

        var resumed = await ClaimAsync(trials[0].Id);
        await Store.AddEpochAsync(resumed, Epoch(trials[0].Id, 2), [], Ct);
        // The resumed attempt dies after epoch 2; the next claim keeps epoch 1 (checkpointed), drops epoch 2.
        var again = await Store.TryClaimTrialAsync(trials[0].Id, "w2", T0.AddMinutes(5), T0.AddMinutes(6), Ct);

        Assert.NotNull(again);
        Assert.Equal([1], (await Store.GetEpochsAsync(trials[0].Id, Ct)).Select(e => e.Epoch));
    }

    [Fact]
    public async Task SettleStage_PrunesWaitingTrials_OnlyWhenNothingIsQueuedOrRunning()
    {
        var (search, trials) = await SeedSearchAsync(2);
        var first = await ClaimAsync(trials[0].Id);
        await Store.ReportRungAsync(first, Rung(0, 1, 0.5), _ => [], T0, Ct);

        Assert.Equal(0, await Store.SettleStageAsync(search.Id, 1, T0, Ct)); // trial 1 is still queued
        var second = await ClaimAsync(trials[1].Id);
        Assert.True(await Store.CompleteTrialAsync(second, Outcome() with { EpochsTrained = 3 }, T0, Ct));
        Assert.Equal(1, await Store.SettleStageAsync(search.Id, 1, T0, Ct));

        var pruned = (await Store.GetTrialAsync(trials[0].Id, Ct))!;
        Assert.Equal((TrialStatus.Pruned, 0.5, 1), (pruned.Status, pruned.ValidationAccuracy, pruned.EpochsTrained));
        Assert.Null(await Store.GetCheckpointAsync(trials[0].Id, Ct));
        Assert.Equal(3, (await Store.GetTrialAsync(trials[1].Id, Ct))!.EpochsTrained);
        Assert.Equal(0, await Store.SettleStageAsync(search.Id, 1, T0, Ct)); // idempotent
    }

    [Fact]
    public async Task CancelTrials_AlsoCancelsWaitingTrials_AndDropsTheirCheckpoints()
    {
        var (search, trials) = await SeedSearchAsync(1);
        var claim = await ClaimAsync(trials[0].Id);
        await Store.ReportRungAsync(claim, Rung(0, 1, 0.5), _ => [], T0, Ct);

        Assert.Equal(1, await Store.CancelTrialsAsync(search.Id, T0, Ct));
        Assert.Equal(TrialStatus.Cancelled, (await Store.GetTrialAsync(trials[0].Id, Ct))!.Status);
        Assert.Null(await Store.GetCheckpointAsync(trials[0].Id, Ct));
    }

    [Fact]
    public async Task GetEpochAccuracies_ReturnsOtherTrialsOfTheStageAtThatEpoch()
    {
        var (search, trials) = await SeedSearchAsync(3);
        foreach (var t in trials)
        {
            var claim = await ClaimAsync(t.Id);
            await Store.AddEpochAsync(claim, Epoch(t.Id, 1) with { ValidationAccuracy = 0.1 * (t.Index + 1) }, [], Ct);
        }

        var others = await Store.GetEpochAccuraciesAsync(search.Id, 1, 1, trials[0].Id, Ct);

        Assert.Equal([0.2, 0.3], others.Order().Select(v => Math.Round(v, 6)));
        Assert.Empty(await Store.GetEpochAccuraciesAsync(search.Id, 1, 2, trials[0].Id, Ct));
    }

    [Fact]
    public async Task GetStageTrials_OfSeveralSearches_InOneQuery()
    {
        var (a, aTrials) = await SeedSearchAsync(3);
        var (b, _) = await SeedSearchAsync(1, T0.AddMinutes(1));
        var unknown = Guid.NewGuid();

        var trials = await Store.GetStageTrialsAsync([a.Id, b.Id, unknown], 1, Ct);

        Assert.Equal(aTrials.Select(t => t.Id), trials[a.Id].Select(t => t.Id));
        Assert.Single(trials[b.Id]);
        Assert.Empty(trials[unknown]);
        Assert.Empty((await Store.GetStageTrialsAsync([a.Id], 2, Ct))[a.Id]);
    }

    [Fact]
    public async Task GetComparisonSearches_ReturnsEveryArmOfEachComparison_OldestFirst()
    {
        var first = await CreateComparisonAsync(T0);
        var second = await CreateComparisonAsync(T0.AddMinutes(1));
        var unknown = Guid.NewGuid();

        var arms = await Store.GetComparisonSearchesAsync([first.Id, second.Id, unknown], Ct);

        Assert.Equal(new[] { first.RandomSearchId, first.GridSearchId }.Order(), arms[first.Id].Select(s => s.Id).Order());
        Assert.All(arms[second.Id], s => Assert.Equal(second.Id, s.ComparisonId));
        Assert.Empty(arms[unknown]);
    }
}
