using HyperSearch.Engine;
using HyperSearch.Service;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Hosting;
using HyperSearch.Service.Jobs;
using HyperSearch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Issue 12, runtime recovery: the periodic scan on a real store (SQLite and PostgreSQL) with a queue
/// that drops chosen enqueues, as a crash between a commit and its enqueue would.
/// </summary>
public abstract class HardeningRecoveryTests : InputBackendTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly HardeningQueue _queue = new();
    private readonly ShiftedTime _time = new();

    private ISearchStore Store => App.Services.GetRequiredService<ISearchStore>();

    [Fact]
    public async Task Scan_ReEnqueuesATrialWhoseEnqueueWasLost_OnlyThatOne_AndOncePerLease()
    {
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 3, epochs: 1)));
        var trials = await Store.GetStageTrialsAsync(id, 1, None);
        _queue.Drop.Add(trials[1].Id);
        await SearchJobs().StartAsync(id, None);
        _queue.Consume(id);
        _queue.Clear();
        var recovery = Recovery();
        _time.Offset = TimeSpan.FromMinutes(1); // older than a scan period

        Assert.Equal(1, await recovery.ScanAsync(None));
        Assert.Equal([trials[1].Id], _queue.Trials);

        Assert.Equal(0, await recovery.ScanAsync(None)); // its job is on its way: not again within a lease
    }

    [Fact]
    public async Task Scan_ReEnqueuesTheAdvance_OfAStageWhoseTrialsAllEnded_AndALostFinalize()
    {
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 1)));
        await SearchJobs().StartAsync(id, None);
        foreach (var t in await Store.GetStageTrialsAsync(id, 1, None))
        {
            var now = DateTimeOffset.UtcNow;
            var claim = (await Store.TryClaimTrialAsync(t.Id, "w", now, now.AddMinutes(1), None))!;
            await Store.CompleteTrialAsync(claim, new TrialOutcome(TrialStatus.Completed, 0.9, 0.8, 0.1, false, 0.3, 0.5, 1.1, 1, null), now, None);
            _queue.Consume(t.Id); // its job ran, and the Advance it enqueued was lost (never recorded)
        }

        _queue.Consume(id);
        _queue.Clear();
        var recovery = Recovery();
        _time.Offset = TimeSpan.FromMinutes(1);

        Assert.Equal(1, await recovery.ScanAsync(None));
        Assert.Equal([(id, 1)], _queue.Advanced);
        _queue.Consume(id);

        // The Advance ran and enqueued a Finalize, which was lost: the search is still running.
        _queue.Drop.Add(id);
        await SearchJobs().AdvanceAsync(id, 1, None);
        Assert.Equal([id], _queue.Finalized);
        Assert.Equal(SearchStatus.Running, (await Store.GetSearchAsync(id, None))!.Status);
        _queue.Clear();
        _time.Offset = TimeSpan.FromMinutes(2); // a lease later

        Assert.Equal(1, await recovery.ScanAsync(None));
        Assert.Equal([(id, 1)], _queue.Advanced); // which goes on to Finalize
        _queue.Clear();
        await SearchJobs().AdvanceAsync(id, 1, None);
        Assert.Equal([id], _queue.Finalized);
    }

    [Fact]
    public async Task Scan_StartsAQueuedSearchWhoseStartWasLost_AndRequeuesAnExpiredLease_ButLeavesLiveJobsAlone()
    {
        // The host's own queue enqueued the Start into Hangfire, which this scan's queue does not hold: lost.
        var lost = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1)));
        var live = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1)));
        _queue.StartSearch(live);
        var expired = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1)));
        _queue.StartSearch(expired);
        var trial = (await Store.GetStageTrialsAsync(expired, 1, None)).Single();
        var past = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Store.TryClaimTrialAsync(trial.Id, "killed", past, past.AddSeconds(5), None);
        _queue.Clear();
        _time.Offset = TimeSpan.FromMinutes(1);

        Assert.Equal(2, await Recovery().ScanAsync(None));

        Assert.Equal([lost], _queue.Started);
        Assert.Equal([trial.Id], _queue.Trials);
    }

    private RecoveryService Recovery()
    {
        var sp = App.Services;
        return new RecoveryService(Store, _queue, _queue, sp.GetRequiredService<StorageSettings>(), sp.GetRequiredService<IOptions<HyperSearchOptions>>(), _time, NullLogger<RecoveryService>.Instance);
    }

    private SearchJobs SearchJobs()
    {
        var sp = App.Services;
        return new SearchJobs(Store, sp.GetRequiredService<SearchPlanner>(), sp.GetRequiredService<TensorEngine>(), sp.GetRequiredService<DatasetProvider>(), _queue, TimeProvider.System, NullLogger<SearchJobs>.Instance);
    }
}

public sealed class SqliteHardeningRecoveryTests : HardeningRecoveryTests;

public sealed class PostgresHardeningRecoveryTests : HardeningRecoveryTests
{
    protected override bool UsePostgres => true;
}
