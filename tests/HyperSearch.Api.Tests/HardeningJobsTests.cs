using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using HyperSearch.Engine;
using HyperSearch.Service;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Jobs;
using HyperSearch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Issue 12, "no search or trial left behind": the jobs driven directly on the host's real store (no
/// Hangfire workers run, so nothing else moves the rows), with a recording queue.
/// </summary>
public abstract class HardeningJobsTests : InputBackendTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly HardeningQueue _queue = new();

    private ISearchStore Store => App.Services.GetRequiredService<ISearchStore>();

    [Fact]
    public async Task AJobThatExhaustedItsRetries_EndsItsSearchFailed_WithTheError_AndSettlesItsTrials()
    {
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 3, epochs: 1)));
        var storage = App.Services.GetRequiredService<JobStorage>();
        var client = App.Services.GetRequiredService<IBackgroundJobClient>();
        var jobId = client.Create(Job.FromExpression<SearchJobs>(j => j.AdvanceAsync(id, 1, CancellationToken.None)), new EnqueuedState());

        // What Hangfire's worker does when the last of the method's 3 retries fails: the Failed state,
        // elected through the host's filters (AutomaticRetry lets it through only after the last retry).
        using (var connection = storage.GetConnection())
        {
            connection.SetJobParameter(jobId, "RetryCount", "3");
            var changer = new BackgroundJobStateChanger(App.Services.GetRequiredService<IJobFilterProvider>());
            changer.ChangeState(new StateChangeContext(storage, connection, jobId, new FailedState(new InvalidOperationException("the refiner threw")), EnqueuedState.StateName));
        }

        var search = await Api.SearchAsync(id.ToString());
        Assert.Equal("failed", search["status"]!.GetValue<string>());
        Assert.Contains("Advance failed after its retries: the refiner threw", search["error"]!.GetValue<string>());
        Assert.NotNull(search["completedAt"]);
        Assert.All(await Store.GetStageTrialsAsync(id, 1, None), t => Assert.Equal(TrialStatus.Cancelled, t.Status));
        var row = (await Api.GetAsync("/api/searches"))["items"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == id.ToString())!;
        Assert.Equal("failed", row["status"]!.GetValue<string>());
        Assert.Contains("the refiner threw", row["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARunTrialThatExhaustedItsRetries_EndsTheTrialFailed_AndAdvancesTheStage()
    {
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1)));
        var trial = (await Store.GetStageTrialsAsync(id, 1, None)).Single();
        var filter = (JobFailureFilter)App.Services.GetServices<IJobFilter>().Single(f => f is JobFailureFilter);

        await filter.HandleAsync(Job.FromExpression<TrialJobs>(j => j.RunAsync(trial.Id, CancellationToken.None)), trial.Id, "RunTrial failed after its retries: boom", None);

        var after = (await Store.GetTrialAsync(trial.Id, None))!;
        Assert.Equal(TrialStatus.Failed, after.Status);
        Assert.Equal("RunTrial failed after its retries: boom", after.Error);
    }

    [Fact]
    public async Task Advance_WhenEveryTrialOfTheStageFailed_EndsTheSearchFailed_NamingTheError()
    {
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 1)));
        await Store.TransitionSearchAsync(id, [SearchStatus.Queued], SearchStatus.Running, null, DateTimeOffset.UtcNow, None);
        foreach (var t in await Store.GetStageTrialsAsync(id, 1, None))
        {
            var now = DateTimeOffset.UtcNow;
            var claim = (await Store.TryClaimTrialAsync(t.Id, "test", now, now.AddMinutes(1), None))!;
            await Store.CompleteTrialAsync(claim, new TrialOutcome(TrialStatus.Failed, null, null, null, null, null, null, null, 0.1, "Dataset 'gone' is not known."), now, None);
        }

        await SearchJobs().AdvanceAsync(id, 1, None);

        var search = (await Store.GetSearchAsync(id, None))!;
        Assert.Equal(SearchStatus.Failed, search.Status);
        Assert.Contains("Every trial of stage 1 failed", search.Error);
        Assert.Contains("Dataset 'gone' is not known.", search.Error);
        Assert.Empty(_queue.Finalized);
    }

    [Fact]
    public async Task ATrialWhoseWorkerDiedMaxLegAttemptsTimes_EndsFailed_InsteadOfTrainingAgain()
    {
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 2)));
        await Store.TransitionSearchAsync(id, [SearchStatus.Queued], SearchStatus.Running, null, DateTimeOffset.UtcNow, None);
        var trial = (await Store.GetStageTrialsAsync(id, 1, None)).Single();
        for (var i = 0; i < 3; i++)
        {
            // What a worker killed mid-leg leaves: a claim counted against the leg, its lease run out.
            var past = DateTimeOffset.UtcNow.AddMinutes(-10 + i);
            var claim = (await Store.TryClaimTrialAsync(trial.Id, $"dead-{i}", past, past.AddSeconds(30), None))!;
            Assert.Equal(i + 1, await Store.RecordLegAttemptAsync(claim, None));
        }

        await TrialJobs().RunAsync(trial.Id, None);

        var after = (await Store.GetTrialAsync(trial.Id, None))!;
        Assert.Equal(TrialStatus.Failed, after.Status);
        Assert.Contains("stopped without a result 3 times", after.Error);
        Assert.Empty(await Store.GetEpochsAsync(trial.Id, None));
        Assert.Equal([(id, 1)], _queue.Advanced);
    }

    [Fact]
    public async Task LegAttempts_CountPerLeg_SoATrialPromotedFourTimesIsNotFailed()
    {
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 8)));
        var trial = (await Store.GetStageTrialsAsync(id, 1, None)).Single();
        for (var rung = 0; rung < 4; rung++)
        {
            var now = DateTimeOffset.UtcNow;
            var claim = (await Store.TryClaimTrialAsync(trial.Id, "w", now, now.AddMinutes(1), None))!;
            Assert.Equal(1, await Store.RecordLegAttemptAsync(claim, None));
            var metrics = new TrialOutcome(TrialStatus.Completed, 0.5, 0.5, 0, false, 1, 1, 1.1, 0.1, null);
            var report = new RungReport(rung, rung + 1, 0.5, metrics, [1, 2, 3]);
            var promoted = await Store.ReportRungAsync(claim, report, _ => [new RungPromotionRecord(trial.Id, rung, rung + 2)], now, None);
            Assert.Single(promoted!);
        }

        // The fifth leg's first attempt is attempt 1 of its leg, though the trial was claimed five times.
        var last = DateTimeOffset.UtcNow;
        var fifth = (await Store.TryClaimTrialAsync(trial.Id, "w", last, last.AddMinutes(1), None))!;
        Assert.Equal(5, fifth.Attempt);
        Assert.Equal(1, await Store.RecordLegAttemptAsync(fifth, None));
    }

    [Fact]
    public async Task APromotedTrial_PromotedAgainBeforeThisJobClaimsIt_TrainsFromWhatItIsNow_NotWhatItWasRead()
    {
        // Another worker trains the trial's next leg and promotes it again between this job's read of the
        // trial and its claim: the job must train from the claimed row (checkpoint at epoch 3, target 9),
        // not from the stale read (epoch 1, target 3), which trained nothing and paused with no accuracy.
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 3, epochs: 9, extra: """, "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 9, "reduction": 3 }""")));
        await Store.TransitionSearchAsync(id, [SearchStatus.Queued], SearchStatus.Running, null, DateTimeOffset.UtcNow, None);
        var trial = (await Store.GetStageTrialsAsync(id, 1, None)).OrderBy(t => t.Index).First();
        var promoteEveryRung = HookedStore.Wrap(Store, new()
        {
            [nameof(ISearchStore.ReportRungAsync)] = args =>
            {
                var report = (RungReport)args[1]!;
                args[2] = (Func<IReadOnlyList<RungEntry>, IReadOnlyList<RungPromotionRecord>>)(_ => [new RungPromotionRecord(trial.Id, report.Rung, report.EpochsTrained * 3)]);
                return Task.CompletedTask;
            },
        });
        await TrialJobs(promoteEveryRung).RunAsync(trial.Id, None);
        Assert.Equal((TrialStatus.Queued, 1, 3), await StateAsync());

        var raced = false;
        var racing = HookedStore.Wrap(promoteEveryRung, new()
        {
            [nameof(ISearchStore.TryClaimTrialAsync)] = async _ =>
            {
                if (!raced)
                {
                    raced = true;
                    await TrialJobs(promoteEveryRung).RunAsync(trial.Id, None);
                    Assert.Equal((TrialStatus.Queued, 3, 9), await StateAsync());
                }
            },
        });
        await TrialJobs(racing).RunAsync(trial.Id, None);

        var after = (await Store.GetTrialAsync(trial.Id, None))!;
        Assert.Equal(TrialStatus.Completed, after.Status);
        Assert.Equal(9, after.EpochsTrained);
        Assert.NotNull(after.ValidationAccuracy);
        Assert.Equal(Enumerable.Range(1, 9), (await Store.GetEpochsAsync(trial.Id, None)).Select(e => e.Epoch));

        async Task<(TrialStatus, int, int)> StateAsync()
        {
            var t = (await Store.GetTrialAsync(trial.Id, None))!;
            return (t.Status, t.EpochsTrained, t.LegEpochs);
        }
    }

    [Fact]
    public async Task OnShutdown_ARunningTrialHandsItsClaimBack_SoAnotherWorkerTakesItAtOnce()
    {
        // 1,000 epochs of a 512×512 net (tens of seconds): still training when the host shuts down after its
        // first epoch, however slowly the machine polls (200 epochs of the default net once finished first).
        const string space = """{ "learningRate": 0.05, "hiddenLayers": [512, 512], "batchSize": 64 }""";
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1000, space: space)));
        await Store.TransitionSearchAsync(id, [SearchStatus.Queued], SearchStatus.Running, null, DateTimeOffset.UtcNow, None);
        var trial = (await Store.GetStageTrialsAsync(id, 1, None)).Single();
        using var shutdown = new CancellationTokenSource();
        var run = TrialJobs().RunAsync(trial.Id, shutdown.Token);
        await Eventually.WaitAsync(() => Store.GetEpochsAsync(trial.Id, None), e => e.Count >= 1, TimeSpan.FromSeconds(60), "a first epoch");

        await shutdown.CancelAsync();
        await run;

        var after = (await Store.GetTrialAsync(trial.Id, None))!;
        Assert.Equal(TrialStatus.Queued, after.Status);
        Assert.Null(after.Worker);
        Assert.Empty(await Store.GetEpochsAsync(trial.Id, None));
        Assert.Equal([trial.Id], _queue.Trials);
        var now = DateTimeOffset.UtcNow;
        var next = await Store.TryClaimTrialAsync(trial.Id, "other-worker", now, now.AddSeconds(30), None);
        Assert.NotNull(next);
        Assert.Equal(1, await Store.RecordLegAttemptAsync(next, None)); // the handed-back attempt was no crash
    }

    [Fact]
    public async Task ABriefDatabaseOutage_DuringEpochAndResultWrites_IsRetried_AndTheTrialCompletesOnce()
    {
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 3)));
        await Store.TransitionSearchAsync(id, [SearchStatus.Queued], SearchStatus.Running, null, DateTimeOffset.UtcNow, None);
        var trial = (await Store.GetStageTrialsAsync(id, 1, None)).Single();
        var (flaky, proxy) = FlakyStore.Wrap(Store, new() { [nameof(ISearchStore.AddEpochAsync)] = 3, [nameof(ISearchStore.CompleteTrialAsync)] = 2 });

        await TrialJobs(flaky).RunAsync(trial.Id, None);

        Assert.Equal(3, proxy.Failed[nameof(ISearchStore.AddEpochAsync)]);
        Assert.Equal(2, proxy.Failed[nameof(ISearchStore.CompleteTrialAsync)]);
        var after = (await Store.GetTrialAsync(trial.Id, None))!;
        Assert.Equal(TrialStatus.Completed, after.Status);
        Assert.Equal(1, after.Attempts);
        Assert.Equal([1, 2, 3], (await Store.GetEpochsAsync(trial.Id, None)).Select(e => e.Epoch));
        Assert.Equal([(id, 1)], _queue.Advanced);
    }

    private SearchJobs SearchJobs()
    {
        var sp = App.Services;
        return new SearchJobs(Store, sp.GetRequiredService<SearchPlanner>(), sp.GetRequiredService<TensorEngine>(), sp.GetRequiredService<DatasetProvider>(), _queue, TimeProvider.System, NullLogger<SearchJobs>.Instance);
    }

    private TrialJobs TrialJobs(ISearchStore? store = null)
    {
        var sp = App.Services;
        return new TrialJobs(store ?? Store, sp.GetRequiredService<TensorEngine>(), sp.GetRequiredService<DatasetProvider>(), sp.GetRequiredService<TrialCancellation>(), _queue,
            sp.GetRequiredService<IOptions<HyperSearchOptions>>(), TimeProvider.System, NullLogger<TrialJobs>.Instance);
    }
}

public sealed class SqliteHardeningJobsTests : HardeningJobsTests;

public sealed class PostgresHardeningJobsTests : HardeningJobsTests
{
    protected override bool UsePostgres => true;
}
