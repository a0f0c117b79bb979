using System.Text.Json.Nodes;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Scale-out on a real PostgreSQL: the API enqueues, separate HyperSearch.Worker processes train; a
/// worker killed with SIGKILL mid-trial loses nothing — the trial reruns on a live worker and its result
/// is stored exactly once.
/// </summary>
public sealed class WorkerProcessTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Dictionary<string, string> WorkerEnvironment(int workers) => new()
    {
        ["ConnectionStrings__Postgres"] = _db.ConnectionString,
        ["HyperSearch__Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["HyperSearch__LeaseSeconds"] = "4",
        ["HyperSearch__RecoveryScanSeconds"] = "1",
    };

    [Fact]
    public async Task JobEnqueuedByTheApi_RunsOnASeparateWorkerProcess()
    {
        await using var app = new HyperSearchApp(postgres: _db.ConnectionString, settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" });
        var api = new Api(app.CreateClient());
        await using var worker = ServiceProcess.Start("HyperSearch.Worker", WorkerEnvironment(1));

        var id = await api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 5));
        var search = await api.WaitForSearchAsync(id, TimeSpan.FromSeconds(90));

        Assert.True(search["status"]!.GetValue<string>() == "completed", worker.Output);
        var trials = await api.TrialsAsync(id);
        Assert.All(trials, t => Assert.EndsWith($":{worker.Id}", t!["worker"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task WorkerKilledMidTrial_TrialRerunsOnALiveWorker_AndEveryTrialEndsExactlyOnce()
    {
        // The API trains too (one worker), so a live worker remains after the kill.
        await using var app = new HyperSearchApp(postgres: _db.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["HyperSearch:Workers"] = "1",
            ["HyperSearch:LeaseSeconds"] = "4",
        });
        var api = new Api(app.CreateClient());
        await using var victim = ServiceProcess.Start("HyperSearch.Worker", WorkerEnvironment(1));
        await Eventually.WaitAsync(() => Task.FromResult(victim.Output), o => o.Contains("HyperSearch worker", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the worker to start");

        var spec = Specs.Random(trials: 3, epochs: 150, space: """{ "learningRate": 0.05, "hiddenLayers": [256, 256], "batchSize": 16 }""");
        var id = await api.CreateSearchAsync(spec);
        var victimTrial = await Eventually.WaitAsync(
            async () => (await api.TrialsAsync(id)).FirstOrDefault(t => t!["status"]!.GetValue<string>() == "running" && (t["worker"]?.GetValue<string>() ?? "").EndsWith($":{victim.Id}", StringComparison.Ordinal)),
            t => t is not null,
            TimeSpan.FromSeconds(60),
            "a trial running on the worker process");
        var trialId = victimTrial!["id"]!.GetValue<string>();
        await Eventually.WaitAsync(() => api.GetAsync($"/api/trials/{trialId}"), d => d["epochs"]!.AsArray().Count >= 2, TimeSpan.FromSeconds(60), "the trial to be mid-way");

        victim.KillHard();

        var search = await api.WaitForSearchAsync(id, TimeSpan.FromSeconds(180));
        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var trials = await api.TrialsAsync(id);
        Assert.All(trials, t => Assert.Equal("completed", t!["status"]!.GetValue<string>()));
        var rerun = trials.Single(t => t!["id"]!.GetValue<string>() == trialId)!;
        Assert.Equal(2, rerun["attempts"]!.GetValue<int>());
        Assert.DoesNotContain($":{victim.Id}", rerun["worker"]!.GetValue<string>(), StringComparison.Ordinal);
        var detail = await api.GetAsync($"/api/trials/{trialId}");
        var epochs = detail["epochs"]!.AsArray().Select(e => e!["epoch"]!.GetValue<int>()).ToList();
        Assert.Equal(Enumerable.Range(1, 150), epochs);
        Assert.Equal(3, await _db.ScalarAsync<long>("SELECT count(*) FROM trials WHERE completed_at IS NOT NULL"));
    }

    [Fact]
    public async Task Asha_OnTwoWorkerProcesses_PromotesEachTrialOnce_AndAKilledWorkersResumedLegLosesNothing()
    {
        // Two Worker processes (one Hangfire worker each) share the stage's rung decisions through
        // PostgreSQL; the API trains too (one worker), so a live worker remains after the kill.
        await using var app = new HyperSearchApp(postgres: _db.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["HyperSearch:Workers"] = "1",
            ["HyperSearch:LeaseSeconds"] = "4",
        });
        var api = new Api(app.CreateClient());
        await using var victim = ServiceProcess.Start("HyperSearch.Worker", WorkerEnvironment(1));
        await using var other = ServiceProcess.Start("HyperSearch.Worker", WorkerEnvironment(1));
        await Eventually.WaitAsync(() => Task.FromResult(victim.Output + other.Output), o => o.Split("HyperSearch worker").Length == 3, TimeSpan.FromSeconds(30), "both workers to start");

        var spec = Specs.Random(trials: 6, epochs: 40, space: """{ "learningRate": { "min": 0.002, "max": 0.02, "scale": "log" }, "hiddenLayers": [1024, 1024], "batchSize": 8 }""",
            extra: """, "scheduler": { "kind": "asha", "minEpochs": 10, "reduction": 2 }""");
        var id = await api.CreateSearchAsync(spec);

        // Kill whichever Worker process trains a promoted trial's resumed leg first.
        var workers = new[] { victim, other };
        var resumed = await Eventually.WaitAsync(
            async () => (await api.TrialsAsync(id)).FirstOrDefault(t =>
                t!["status"]!.GetValue<string>() == "running" && t["epochsTrained"]!.GetValue<int>() > 0
                && workers.Any(w => (t["worker"]?.GetValue<string>() ?? "").EndsWith($":{w.Id}", StringComparison.Ordinal))),
            t => t is not null,
            TimeSpan.FromSeconds(120),
            "a resumed leg running on a Worker process");
        var resumedId = resumed!["id"]!.GetValue<string>();
        var killedWorker = workers.Single(w => resumed["worker"]!.GetValue<string>().EndsWith($":{w.Id}", StringComparison.Ordinal));
        killedWorker.KillHard();

        var search = await api.WaitForSearchAsync(id, TimeSpan.FromSeconds(240));
        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var trials = await api.TrialsAsync(id);
        Assert.All(trials, t => Assert.True(t!["status"]!.GetValue<string>() is "completed" or "pruned", t.ToJsonString()));
        foreach (var t in trials)
        {
            // Every epoch once, resumed legs included (the killed one restarted from its checkpoint).
            var detail = await api.GetAsync($"/api/trials/{t!["id"]!.GetValue<string>()}");
            Assert.Equal(Enumerable.Range(1, t["epochsTrained"]!.GetValue<int>()), detail["epochs"]!.AsArray().Select(e => e!["epoch"]!.GetValue<int>()));
        }

        var killed = trials.Single(t => t!["id"]!.GetValue<string>() == resumedId)!;
        Assert.True(killed["epochsTrained"]!.GetValue<int>() >= 20, killed.ToJsonString());
        Assert.DoesNotContain($":{killedWorker.Id}", killed["worker"]!.GetValue<string>(), StringComparison.Ordinal);

        // Each trial leaves a rung promoted at most once; rung k+1 holds exactly the trials promoted from k.
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM (SELECT trial_id, rung FROM trial_rungs GROUP BY trial_id, rung HAVING count(*) > 1) d"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("""
            SELECT count(*) FROM trial_rungs r
            WHERE r.promoted <> EXISTS (SELECT 1 FROM trials t WHERE t.id = r.trial_id AND (t.epochs_trained > r.epochs))
            """));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM trial_checkpoints"));
    }

    [Fact]
    public async Task ApiRestart_LosesNoSearch()
    {
        string id;
        await using (var first = new HyperSearchApp(postgres: _db.ConnectionString, settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" }))
        {
            id = await new Api(first.CreateClient()).CreateSearchAsync(Specs.Random(trials: 2, epochs: 3));
        }

        await using var second = new HyperSearchApp(postgres: _db.ConnectionString);
        var api = new Api(second.CreateClient());
        var search = await api.WaitForSearchAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", search["status"]!.GetValue<string>());
    }
}
