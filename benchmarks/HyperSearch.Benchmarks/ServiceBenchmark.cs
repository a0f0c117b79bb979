using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HyperSearch.Engine;
using HyperSearch.Search;
using HyperSearch.Service.Specs;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Hosting;
using HyperSearch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using HyperSearch.Core;

namespace HyperSearch.Benchmarks;

/// <summary>
/// Issue 6's service benchmark, in one process (embedded mode, N Hangfire workers):
/// (1) engine only: the search's trials (same hyperparameters and seeds) trained directly on the shared
///     engine, N at a time, on the dataset the service's cache prepared (its load is timed apart);
/// (2) the same trials as a search through the service — spec validation, store, Hangfire jobs,
///     per-epoch writes — timed from submission to the last trial's result.
/// Overhead = (2) / (1) − 1. Also: aggregate training samples/s of (2) and the process's peak RSS.
/// </summary>
public static class ServiceBenchmark
{
    public static async Task<int> RunAsync(int trials, int workers, int epochs)
    {
        var inv = CultureInfo.InvariantCulture;
        var dir = Path.Combine(Path.GetTempPath(), "hs-service-bench-" + Guid.NewGuid().ToString("N"));
        using var host = await EmbeddedService.StartAsync(dir, workers);

        var store = host.Services.GetRequiredService<ISearchStore>();
        var service = host.Services.GetRequiredService<SearchService>();
        var datasets = host.Services.GetRequiredService<DatasetProvider>();
        var engine = host.Services.GetRequiredService<TensorEngine>();
        var spec = $$"""
            { "name": "service benchmark", "seed": 1, "sanityChecks": false,
              "dataset": { "name": "fashion-mnist", "trainSize": 50000, "validationSize": 10000, "preprocessing": "standardize" },
              "strategy": "random", "trials": {{trials}}, "epochs": {{epochs}},
              "space": { "learningRate": 0.01, "regularization": 1e-4, "hiddenLayers": [512, 256], "activation": "relu",
                         "weightInit": "he", "optimizer": "sgd_momentum", "momentum": 0.9, "batchSize": 128 } }
            """;
        using var doc = JsonDocument.Parse(spec);
        var parsed = SearchSpecParser.Parse(doc.RootElement, SpecLimits.Default, new ValidationErrors());

        // Dataset: loaded and prepared once per process by the cache (shared by every trial).
        var load = Stopwatch.StartNew();
        var data = await datasets.GetAsync(parsed.Dataset, parsed.Seed, CancellationToken.None);
        var loadSeconds = load.Elapsed.TotalSeconds;

        // (1) Engine only: the same trials, `workers` at a time.
        var hp = Hyperparameters.Default.With(Parameters.LearningRate, 0.01).With(Parameters.Regularization, 1e-4).With(Parameters.HiddenLayers, [512, 256]);
        var next = -1;
        var engineClock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < trials)
            {
                var config = EngineMapping.ToEngine(hp, data, epochs, Seeds.ForTrial(parsed.Seed, 1, i));
                engine.Train(config.Model, config.Training, data.Train, data.Validation, null, CancellationToken.None);
            }
        })));
        var engineWall = engineClock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(inv, $"engine=hypersearch engine-only trials={trials} workers={workers} seconds={engineWall:F2} rss_mb={Rss():F0} peak_rss_mb={PeakRss():F0}"));

        // (2) Through the service, twice: the first search also pays one-time JIT and first-query costs
        // (a long-running service pays them once); the second is the steady state.
        var ok = true;
        foreach (var run in new[] { "cold", "warm" })
        {
            var clock = Stopwatch.StartNew();
            var search = await service.CreateSearchAsync(doc.RootElement, owner: null, uploadsOf: null, CancellationToken.None);
            SearchRecord? done;
            while (true)
            {
                done = await store.GetSearchAsync(search.Id, CancellationToken.None);
                if (done!.Status is SearchStatus.Completed or SearchStatus.Failed or SearchStatus.Cancelled)
                {
                    break;
                }

                await Task.Delay(50);
            }

            var total = clock.Elapsed.TotalSeconds;
            var rows = (await store.GetTrialsAsync(search.Id, new TrialQuery(Limit: 1000), CancellationToken.None)).Items;

            // Trials end before the search does: Finalize then retrains the best trial once for its test
            // accuracy. The overhead compares the trials' wall time with their engine time.
            var wall = (rows.Max(t => t.CompletedAt!.Value) - search.CreatedAt).TotalSeconds;
            var samples = (long)trials * epochs * 50_000;
            Console.WriteLine(string.Create(inv,
                $"engine=hypersearch service run={run} trials={trials} workers={workers} epochs={epochs} status={done.Status.ToString().ToLowerInvariant()} dataset_load_s={loadSeconds:F1} engine_only_s={engineWall:F2} service_s={wall:F2} overhead_pct={(wall / engineWall - 1) * 100:F1} search_with_test_eval_s={total:F1} samples_per_s={samples / wall:F0} engine_only_samples_per_s={samples / engineWall:F0} best_val_acc={done.BestValidationAccuracy:F4} test_acc={done.TestAccuracy:F4} rss_mb={Rss():F0} peak_rss_mb={PeakRss():F0}"));
            ok &= done.Status == SearchStatus.Completed;
        }

        await host.StopAsync();
        return ok ? 0 : 1;
    }

    private static double Rss()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64 / 1048576.0;
    }

    private static double PeakRss()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / 1048576.0;
    }
}
