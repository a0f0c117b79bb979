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
        var trials = NewTrialJobs();

        await trials.RunAsync(trial.Id, CancellationToken.None);

        Assert.All(await _store.GetStageTrialsAsync(id, 1, CancellationToken.None), t => Assert.Equal(TrialStatus.Cancelled, t.Status));
    }

    [Fact]
    public async Task AutoLearningRate_StageOneTrialsWaitForStart_WhichResolvesTheRangeOnce()
    {
        var id = Guid.Parse(await _api.CreateSearchAsync(Specs.Random(trials: 3, epochs: 1, space: """{ "learningRate": "auto", "hiddenLayers": [16], "batchSize": 32 }""")));
        var planned = (await _store.GetStageTrialsAsync(id, 1, CancellationToken.None)).OrderBy(t => t.Index).ToList();
        var trials = NewTrialJobs();

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

    [Fact]
    public async Task Finalize_TestsTheKeptNetworkOfTheBestTrial_AndRetrainsOnlyWithoutOne_BothGivingTheSameTestAccuracy()
    {
        var sp = _app.Services;
        var engine = sp.GetRequiredService<TensorEngine>();
        var spec = Specs.Random(trials: 2, epochs: 3);
        var kept = Guid.Parse(await _api.CreateSearchAsync(spec));
        var retrained = Guid.Parse(await _api.CreateSearchAsync(spec)); // the same seed: the same trials
        var log = new RecordingLogger();
        var jobs = new SearchJobs(_store, sp.GetRequiredService<SearchPlanner>(), engine, sp.GetRequiredService<DatasetProvider>(), _queue, TimeProvider.System, log);

        // Search 1 trains through the trial jobs, which keep the leading network as results arrive.
        var trialJobs = NewTrialJobs();
        await jobs.StartAsync(kept, CancellationToken.None);
        foreach (var t in await _store.GetStageTrialsAsync(kept, 1, CancellationToken.None))
        {
            await trialJobs.RunAsync(t.Id, CancellationToken.None);
        }

        // Search 2's trials end with the same results but no network (as a result written before migration 0007).
        var record = (await _store.GetSearchAsync(retrained, CancellationToken.None))!;
        using (var held = await sp.GetRequiredService<DatasetProvider>().AcquireAsync(SearchDocuments.ReadSpec(record.SpecJson).Dataset, record.Seed, CancellationToken.None))
        {
            foreach (var t in await _store.GetStageTrialsAsync(retrained, 1, CancellationToken.None))
            {
                var config = EngineMapping.ToEngine(SearchDocuments.ReadHyperparameters(t.HyperparametersJson), held.Dataset, t.Epochs, t.Seed);
                var result = engine.Train(config.Model, config.Training, held.Dataset.Train, held.Dataset.Validation);
                var now = DateTimeOffset.UtcNow;
                var claim = (await _store.TryClaimTrialAsync(t.Id, "test", now, now.AddMinutes(1), CancellationToken.None))!;
                Assert.True(await _store.CompleteTrialAsync(claim, MetricsMapping.Completed(result, record.OverfitGap, 1) with { EpochsTrained = t.Epochs }, now, CancellationToken.None));
            }
        }

        await jobs.StartAsync(retrained, CancellationToken.None);
        foreach (var id in new[] { kept, retrained })
        {
            await jobs.FinalizeAsync(id, CancellationToken.None);
        }

        var first = (await _store.GetSearchAsync(kept, CancellationToken.None))!;
        var second = (await _store.GetSearchAsync(retrained, CancellationToken.None))!;
        var model = (await _store.GetBestModelAsync(kept, CancellationToken.None))!;
        Assert.Null(await _store.GetBestModelAsync(retrained, CancellationToken.None));
        Assert.Equal((SearchStatus.Completed, SearchStatus.Completed), (first.Status, second.Status));
        Assert.Equal(model.TrialId, first.BestTrialId);
        Assert.Equal(model.ValidationAccuracy, first.BestValidationAccuracy);
        Assert.NotNull(first.TestAccuracy);
        Assert.Equal(second.TestAccuracy, first.TestAccuracy);
        Assert.Contains(log.Messages, m => m.Contains($"testing the kept network of its best trial {model.TrialId}", StringComparison.Ordinal));
        Assert.Contains(log.Messages, m => m.Contains($"retraining its best trial {second.BestTrialId}", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Messages, m => m.Contains("not the stored", StringComparison.Ordinal));
    }

    /// <summary>The trial jobs on the app's store, engine and datasets, enqueueing into the recorded queue.</summary>
    private TrialJobs NewTrialJobs()
    {
        var sp = _app.Services;
        return new TrialJobs(_store, sp.GetRequiredService<TensorEngine>(), sp.GetRequiredService<DatasetProvider>(), sp.GetRequiredService<TrialCancellation>(), _queue,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<HyperSearch.Service.HyperSearchOptions>>(), TimeProvider.System, NullLogger<TrialJobs>.Instance);
    }

    private sealed class RecordingLogger : Microsoft.Extensions.Logging.ILogger<SearchJobs>
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Messages { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Enqueue(formatter(state, exception));
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
