using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Hosting;
using HyperSearch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HyperSearch.Benchmarks;

/// <summary>
/// Issue 10's search benchmark: per seed, the reference search run three ways with the same epoch
/// budget (<see cref="SearchArms"/>) through the real service in one process (embedded mode: SQLite
/// store, in-memory Hangfire, 2 workers), one search at a time. Per arm and seed one key=value line:
/// the search's best validation accuracy and the test accuracy Finalize measured for it, wall seconds
/// (to the search's completion, which includes Finalize retraining the best trial, and to the last
/// trial's end), epochs trained (the trials' EpochsTrained), epochs spent on diverged trials, and when
/// the best-so-far result (<see cref="ResultTimeline"/>) first reached the target accuracy and the
/// coarse→fine arm's best. Then the median of each figure over the seeds.
/// </summary>
public static class SearchBenchmark
{
    // A three-trial ASHA search on 2,000 rows: it walks every job path the arms use (rungs, promotion, resume, Finalize).
    private const string WarmUpSpec = """
        { "name": "search benchmark warm-up", "seed": 1, "sanityChecks": false,
          "dataset": { "name": "fashion-mnist", "trainSize": 2000, "validationSize": 1000, "preprocessing": "standardize" },
          "strategy": "random", "trials": 3, "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 3, "reduction": 3 },
          "space": { "learningRate": 0.01, "hiddenLayers": [256] } }
        """;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// One search spec of the user's own (a JSON file, as POST /api/searches takes it), run once per seed
    /// (null: the file's own seed) through the same embedded service, printing the same lines.
    /// </summary>
    public static async Task<int> RunSpecAsync(string path, IReadOnlyList<int>? seeds, double target)
    {
        ArgumentNullException.ThrowIfNull(path);
        var json = await File.ReadAllTextAsync(path);
        var file = JsonNode.Parse(json)!.AsObject();
        var name = Path.GetFileNameWithoutExtension(path);
        var arm = new SearchArm(name, path, seed =>
        {
            var spec = file.DeepClone().AsObject();
            spec["seed"] = seed;
            return spec.ToJsonString();
        });
        seeds ??= [file["seed"]?.GetValue<int>() ?? 0];
        var parsed = SearchArms.Parse(arm.Spec(seeds[0]));
        var budget = parsed.SchedulerOf(1) is HyperSearch.Search.Scheduling.AshaSpec { EpochBudget: { } epochs } ? epochs : SearchArms.PlannedEpochs(parsed);
        Console.WriteLine($"# {DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", Inv)} {CpuDescription()}, {Environment.ProcessorCount} cores, load {Load()}; .NET {Environment.Version}");
        Console.WriteLine(string.Create(Inv, $"# search benchmark of {path}: seeds {string.Join(',', seeds)}, 2 workers, target {target}"));
        var dir = Path.Combine(Path.GetTempPath(), "hs-search-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await RunInHostAsync(dir, [arm], seeds, budget, quick: false, target);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <param name="only">Arms to run besides the coarse→fine baseline (which always runs first: the others are measured against it); null for all.</param>
    public static async Task<int> RunAsync(IReadOnlyList<int> seeds, bool quick, double target, IReadOnlySet<string>? only = null)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var all = SearchArms.For(quick);
        if (only?.FirstOrDefault(n => all.All(a => a.Name != n)) is { } unknown)
        {
            Console.Error.WriteLine($"error: unknown arm '{unknown}'; the arms are {string.Join(", ", all.Select(a => a.Name))}");
            return 2;
        }

        var arms = all.Where(a => only is null || a.Name == SearchArms.CoarseFine || only.Contains(a.Name)).ToList();
        var budget = SearchArms.PlannedEpochs(SearchArms.Parse(arms[0].Spec(seeds[0])));
        Console.WriteLine($"# {DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", Inv)} {CpuDescription()}, {Environment.ProcessorCount} cores, load {Load()}; .NET {Environment.Version}");
        Console.WriteLine(string.Create(Inv, $"# search benchmark{(quick ? " (quick)" : "")}: seeds {string.Join(',', seeds)}, 2 workers, budget {budget} epochs (arm {SearchArms.CoarseFine}'s plan), target {target}"));
        foreach (var arm in arms)
        {
            Console.WriteLine($"# arm {arm.Name}: {arm.Description}");
        }

        var dir = Path.Combine(Path.GetTempPath(), "hs-search-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            return await RunInHostAsync(dir, arms, seeds, budget, quick, target);
        }
        finally
        {
            // The SQLite store holds every paused trial's checkpoint: hundreds of MB that must not linger.
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static async Task<int> RunInHostAsync(string dir, IReadOnlyList<SearchArm> arms, IReadOnlyList<int> seeds, int budget, bool quick, double target)
    {
        using var host = await EmbeddedService.StartAsync(dir, 2);

        var store = host.Services.GetRequiredService<ISearchStore>();
        var service = host.Services.GetRequiredService<SearchService>();
        var datasets = host.Services.GetRequiredService<DatasetProvider>();

        // Load and standardise the data once, outside every arm's clock (a running service has it cached),
        // then one tiny search so that JIT and first-query costs do not land on whichever arm runs first.
        var reference = SearchArms.Parse(arms[0].Spec(seeds[0]));
        await datasets.GetAsync(reference.Dataset, reference.Seed, CancellationToken.None);
        await RunSearchAsync(store, service, WarmUpSpec, TimeSpan.FromMinutes(5), target);

        var timeout = quick ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(60);
        var results = new List<SearchArmResult>();
        var ok = true;
        foreach (var seed in seeds)
        {
            SearchArmResult? baseline = null;
            foreach (var arm in arms)
            {
                var result = await RunSearchAsync(store, service, arm.Spec(seed), timeout, target) with { Arm = arm.Name, Seed = seed, Budget = budget };
                baseline ??= result;
                result = result with { ReachReference = baseline.BestValidation is { } b ? result.Timeline.Reach(b) : null };
                results.Add(result);
                Console.WriteLine(Line(result, baseline, target));
                ok &= result.Status == "completed";
            }
        }

        foreach (var arm in arms)
        {
            Console.WriteLine(Summary(arm.Name, results.Where(r => r.Arm == arm.Name).ToList(), results, target));
        }

        await host.StopAsync();
        return ok ? 0 : 1;
    }

    private static async Task<SearchArmResult> RunSearchAsync(ISearchStore store, SearchService service, string spec, TimeSpan timeout, double target)
    {
        var load = Load();
        using var doc = JsonDocument.Parse(spec);
        var clock = Stopwatch.StartNew();
        var search = await service.CreateSearchAsync(doc.RootElement, owner: null, uploadsOf: null, CancellationToken.None);
        var timeline = new ResultTimeline(search.CreatedAt);
        SearchRecord done;
        IReadOnlyList<TrialRecord> trials;
        var timedOut = false;
        while (true)
        {
            // Search first, trials second: the last poll then sees every trial as the finished search left it.
            done = (await store.GetSearchAsync(search.Id, CancellationToken.None))!;
            trials = (await store.GetTrialsAsync(search.Id, new TrialQuery(Limit: 1000), CancellationToken.None)).Items;
            timeline.Observe(trials, DateTimeOffset.UtcNow);
            if (done.Status is SearchStatus.Completed or SearchStatus.Failed or SearchStatus.Cancelled)
            {
                break;
            }

            if (clock.Elapsed > timeout && !timedOut)
            {
                timedOut = true;
                await service.CancelAsync(search.Id, CancellationToken.None);
            }

            await Task.Delay(250);
        }

        var searchSeconds = ((done.CompletedAt ?? DateTimeOffset.UtcNow) - search.CreatedAt).TotalSeconds;
        var ended = trials.Where(t => t.CompletedAt is not null).Select(t => t.CompletedAt!.Value).DefaultIfEmpty(search.CreatedAt).Max();
        var statuses = trials.GroupBy(t => t.Status.ToString().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.Count());
        var rungs = await store.GetRungCountsAsync(search.Id, CancellationToken.None);

        // Every trial on stderr, so a run's log shows what diverged and what each scheduler kept.
        foreach (var t in trials.OrderBy(t => t.Stage).ThenBy(t => t.Index))
        {
            Console.Error.WriteLine(string.Create(Inv,
                $"trial search={done.Name.Replace(' ', '_')} stage={t.Stage} index={t.Index} status={t.Status.ToString().ToLowerInvariant()} epochs={t.EpochsTrained} val_acc={F(t.ValidationAccuracy, "F4")} seconds={t.DurationSeconds ?? 0:F1} completed_s={F((t.CompletedAt - search.CreatedAt)?.TotalSeconds, "F1")} hp={t.HyperparametersJson}"));
        }

        return new SearchArmResult(
            Arm: "warm-up",
            Seed: done.Seed,
            Status: timedOut ? "timeout" : done.Status.ToString().ToLowerInvariant(),
            Trials: trials.Count,
            Statuses: statuses,
            BestValidation: done.BestValidationAccuracy,
            TestAccuracy: done.TestAccuracy,
            SearchSeconds: searchSeconds,
            TrialsSeconds: (ended - search.CreatedAt).TotalSeconds,
            Epochs: trials.Sum(t => t.EpochsTrained),
            DivergedEpochs: trials.Where(t => t.Status == TrialStatus.Diverged).Sum(t => t.EpochsTrained),
            TrainingSeconds: trials.Sum(t => t.DurationSeconds ?? 0),
            DivergedSeconds: trials.Where(t => t.Status == TrialStatus.Diverged).Sum(t => t.DurationSeconds ?? 0),
            Budget: 0,
            ReachTarget: timeline.Reach(target),
            TimeToOwnBest: done.BestValidationAccuracy is { } best ? timeline.Reach(best) : null,
            Rungs: string.Join(',', rungs.Select(r => string.Create(Inv, $"s{r.Stage}:{r.Epochs}ep:{r.Reached}>{r.Promoted}"))),
            Timeline: timeline,
            Load: $"{load}>{Load()}");
    }

    private static string Line(SearchArmResult r, SearchArmResult baseline, double target)
    {
        var counts = string.Join(' ', new[] { "completed", "pruned", "diverged", "failed" }.Select(s => $"{s}={r.Statuses.GetValueOrDefault(s)}"));
        var fraction = r.ReachReference is { } reach ? F(reach / baseline.SearchSeconds, "F3") : "never";
        return string.Create(Inv,
            $"engine=hypersearch search arm={r.Arm} seed={r.Seed} status={r.Status} trials={r.Trials} {counts} best_val={F(r.BestValidation, "F4")} test_acc={F(r.TestAccuracy, "F4")} search_s={r.SearchSeconds:F1} trials_s={r.TrialsSeconds:F1} epochs={r.Epochs} budget={r.Budget} within_budget={(r.Epochs <= r.Budget ? "true" : "false")} diverged_epochs={r.DivergedEpochs} diverged_epoch_pct={r.DivergedPercent:F1} training_s={r.TrainingSeconds:F1} diverged_training_s={r.DivergedSeconds:F1} diverged_time_pct={r.DivergedTimePercent:F1} reach_{target}_s={F(r.ReachTarget, "F1")} own_best_s={F(r.TimeToOwnBest, "F1")} reach_coarse_fine_best_s={F(r.ReachReference, "F1")} reach_coarse_fine_best_fraction={fraction} best_result_seen={F(r.Timeline.Best, "F4")} rungs={(r.Rungs.Length == 0 ? "-" : r.Rungs)} load={r.Load}");
    }

    private static string Summary(string arm, IReadOnlyList<SearchArmResult> mine, IReadOnlyList<SearchArmResult> all, double target)
    {
        // The fraction is against the first arm's (coarse→fine's) wall time of the same seed.
        var fractions = mine.Select(r => r.ReachReference is { } reach
            ? reach / all.First(b => b.Seed == r.Seed).SearchSeconds
            : (double?)null).ToList();
        return string.Create(Inv,
            $"engine=hypersearch search summary arm={arm} seeds={string.Join(',', mine.Select(r => r.Seed))} best_val_median={F(Median(mine.Select(r => r.BestValidation)), "F4")} test_acc_median={F(Median(mine.Select(r => r.TestAccuracy)), "F4")} search_s_median={F(Median(mine.Select(r => (double?)r.SearchSeconds)), "F1")} trials_s_median={F(Median(mine.Select(r => (double?)r.TrialsSeconds)), "F1")} epochs_median={F(Median(mine.Select(r => (double?)r.Epochs)), "F0")} diverged_epoch_pct_median={F(Median(mine.Select(r => (double?)r.DivergedPercent)), "F1")} diverged_time_pct_median={F(Median(mine.Select(r => (double?)r.DivergedTimePercent)), "F1")} reach_{target}_s_median={F(Median(mine.Select(r => r.ReachTarget)), "F1")} reach_coarse_fine_best_fraction_median={F(Median(fractions), "F3")}");
    }

    /// <summary>The median, with "never" (null) ranked above every number, so that a median of mostly-never is never.</summary>
    private static double? Median(IEnumerable<double?> values)
    {
        var sorted = values.Select(v => v ?? double.PositiveInfinity).Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var m = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        return double.IsFinite(m) ? m : null;
    }

    private static string F(double? value, string format) => value is { } v ? v.ToString(format, Inv) : "never";

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>lscpu's "Model name" and "CPU family", read from /proc/cpuinfo (what lscpu itself reads).</summary>
    private static string CpuDescription()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return "unknown CPU";
        }

        var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
        string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
        return $"{Field("model name")} (family {Field("cpu family")}, model {Field("model\t")})";
    }
}
