using HyperSearch.Engine;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Jobs;
using HyperSearch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HyperSearch.Api.Tests;

/// <summary>The search-level jobs on a real store, with the queue recorded instead of Hangfire, to pin down orderings that timing rarely produces.</summary>
public sealed class SearchJobsTests : IAsyncLifetime
{
    private readonly HyperSearchApp _app = new(settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" });
    private readonly RecordingQueue _queue = new();
    private Api _api = null!;
    private ISearchStore _store = null!;
    private SearchJobs _jobs = null!;

    public Task InitializeAsync()
    {
        _api = new Api(_app.CreateClient());
        var sp = _app.Services;
        _store = sp.GetRequiredService<ISearchStore>();
        _jobs = new SearchJobs(_store, sp.GetRequiredService<SearchPlanner>(), sp.GetRequiredService<TensorEngine>(), sp.GetRequiredService<DatasetProvider>(), _queue, TimeProvider.System, NullLogger<SearchJobs>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Start_AdvancesTheStage_WhenItsTrialsEndedBeforeStartRan()
    {
        var id = Guid.Parse(await _api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1)));
        var trial = (await _store.GetStageTrialsAsync(id, 1, CancellationToken.None)).Single();
        var now = DateTimeOffset.UtcNow;
        var claim = await _store.TryClaimTrialAsync(trial.Id, "test", now, now.AddMinutes(1), CancellationToken.None);
        await _store.CompleteTrialAsync(claim!, new TrialOutcome(TrialStatus.Completed, 0.9, 0.8, 0.1, false, 0.3, 0.5, 1.1, 1, null), now, CancellationToken.None);
        await _jobs.AdvanceAsync(id, 1, CancellationToken.None); // the search is still queued: nothing happens
        Assert.Empty(_queue.Advanced);

        await _jobs.StartAsync(id, CancellationToken.None);

        Assert.Equal(SearchStatus.Running, (await _store.GetSearchAsync(id, CancellationToken.None))!.Status);
        Assert.Equal([(id, 1)], _queue.Advanced);
        Assert.Empty(_queue.Trials);
    }

    [Fact]
    public async Task Start_EnqueuesQueuedTrials_AndDoesNotAdvanceAnOpenStage()
    {
        var id = Guid.Parse(await _api.CreateSearchAsync(Specs.Random(trials: 3, epochs: 1)));

        await _jobs.StartAsync(id, CancellationToken.None);

        Assert.Equal(3, _queue.Trials.Count);
        Assert.Empty(_queue.Advanced);
    }

    [Fact]
    public async Task RunTrial_OfACancelledSearch_SettlesItsQueuedTrialsAsCancelled()
    {
        // As when Advance adds a stage while a cancel is being processed.
        var id = Guid.Parse(await _api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 1)));
        await _store.TransitionSearchAsync(id, [SearchStatus.Queued], SearchStatus.Cancelled, null, DateTimeOffset.UtcNow, CancellationToken.None);
        var trial = (await _store.GetStageTrialsAsync(id, 1, CancellationToken.None))[0];
        var sp = _app.Services;
        var trials = new TrialJobs(_store, sp.GetRequiredService<TensorEngine>(), sp.GetRequiredService<DatasetProvider>(), sp.GetRequiredService<TrialCancellation>(), _queue,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<HyperSearch.Service.HyperSearchOptions>>(), TimeProvider.System, NullLogger<TrialJobs>.Instance);

        await trials.RunAsync(trial.Id, CancellationToken.None);

        Assert.All(await _store.GetStageTrialsAsync(id, 1, CancellationToken.None), t => Assert.Equal(TrialStatus.Cancelled, t.Status));
    }

    [Fact]
    public async Task AutoLearningRate_StageOneTrialsWaitForStart_WhichResolvesTheRangeOnce()
    {
        var id = Guid.Parse(await _api.CreateSearchAsync(Specs.Random(trials: 3, epochs: 1, space: """{ "learningRate": "auto", "hiddenLayers": [16], "batchSize": 32 }""")));
        var planned = (await _store.GetStageTrialsAsync(id, 1, CancellationToken.None)).OrderBy(t => t.Index).ToList();
        var sp = _app.Services;
        var trials = new TrialJobs(_store, sp.GetRequiredService<TensorEngine>(), sp.GetRequiredService<DatasetProvider>(), sp.GetRequiredService<TrialCancellation>(), _queue,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<HyperSearch.Service.HyperSearchOptions>>(), TimeProvider.System, NullLogger<TrialJobs>.Instance);

        // Before Start (e.g. recovery's re-enqueue): the trial is left queued, untouched.
        await trials.RunAsync(planned[0].Id, CancellationToken.None);
        Assert.Equal(TrialStatus.Queued, (await _store.GetTrialAsync(planned[0].Id, CancellationToken.None))!.Status);

        await _jobs.StartAsync(id, CancellationToken.None);

        var stage = (await _store.GetStagesAsync(id, CancellationToken.None))[0];
        Assert.False(AutoLearningRate.IsUnresolved(stage.SpaceJson));
        var range = (HyperSearch.Search.FloatDistribution)HyperSearch.Search.SearchSpace.Parse(stage.SpaceJson).Find("learningRate")!;
        var moved = (await _store.GetStageTrialsAsync(id, 1, CancellationToken.None)).OrderBy(t => t.Index).ToList();
        for (var i = 0; i < 3; i++)
        {
            var before = SearchDocuments.ReadHyperparameters(planned[i].HyperparametersJson);
            var after = SearchDocuments.ReadHyperparameters(moved[i].HyperparametersJson);
            Assert.Equal(AutoLearningRate.Move(before.Get(HyperSearch.Search.Parameters.LearningRate), range), after.Get(HyperSearch.Search.Parameters.LearningRate));
            Assert.InRange(after.Get(HyperSearch.Search.Parameters.LearningRate), range.Min, range.Max);
            Assert.Equal(before.With(HyperSearch.Search.Parameters.LearningRate, 0.1), after.With(HyperSearch.Search.Parameters.LearningRate, 0.1));
        }

        Assert.Equal(3, _queue.Trials.Count);

        // A repeated Start leaves the resolved range alone.
        await _jobs.StartAsync(id, CancellationToken.None);
        Assert.Equal(stage.SpaceJson, (await _store.GetStagesAsync(id, CancellationToken.None))[0].SpaceJson);
        Assert.Equal(moved.Select(t => t.HyperparametersJson), (await _store.GetStageTrialsAsync(id, 1, CancellationToken.None)).OrderBy(t => t.Index).Select(t => t.HyperparametersJson));
    }

    private sealed class RecordingQueue : IJobQueue
    {
        public List<(Guid, int)> Advanced { get; } = [];

        public List<Guid> Trials { get; } = [];

        public void StartSearch(Guid searchId)
        {
        }

        public void RunTrial(Guid trialId) => Trials.Add(trialId);

        public void AdvanceSearch(Guid searchId, int stage) => Advanced.Add((searchId, stage));

        public void FinalizeSearch(Guid searchId)
        {
        }
    }
}
