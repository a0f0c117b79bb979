using System.Diagnostics;
using HyperSearch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Issue 12, "no search or trial left behind": a real database outage. The test starts its OWN PostgreSQL
/// (scripts/postgres.sh start, in a directory of its own, so no other test's server is touched), runs a
/// search on it with the host's Hangfire workers, stops the server while the trials train, and starts it
/// again a few seconds later. The trials retry their writes through the outage (StoreRetry): the search
/// completes, every trial completes on its first attempt, and each stored exactly epochs 1..N once.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private const int Epochs = 400;

    private readonly string _serverDirectory = Path.Combine(Path.GetTempPath(), "hs-outage-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private TestDatabase? _db;
    private HyperSearchApp? _app;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(TestDatabase.EnvironmentVariable) is not { Length: > 0 })
        {
            // Same precondition as every PostgreSQL test (scripts/test.sh sets it): without it the suite is SQLite-only.
            throw new InvalidOperationException($"PostgreSQL tests need {TestDatabase.EnvironmentVariable} (scripts/test.sh sets it); this one starts its own server besides.");
        }

        var admin = (await PostgresScriptAsync("start")).Trim();
        _db = await TestDatabase.CreateAsync(admin);
        _app = new HyperSearchApp(postgres: _db.ConnectionString, settings: new Dictionary<string, string?>
        {
            ["HyperSearch:Workers"] = "2",
            ["HyperSearch:StoreRetrySeconds"] = "60",
        });
    }

    public async Task DisposeAsync()
    {
        try
        {
            await PostgresScriptAsync("restart"); // whatever happened, dispose against a live server
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }

            if (_db is not null)
            {
                await _db.DisposeAsync();
            }
        }
        finally
        {
            await PostgresScriptAsync("stop");
            try
            {
                Directory.Delete(_serverDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    [Fact]
    public async Task PostgresStoppedAndRestartedMidTrial_TheSearchCompletes_EveryEpochStoredOnce_NoTrialFailedOrRerun()
    {
        var api = new Api(_app!.CreateClient());
        var store = _app.Services.GetRequiredService<ISearchStore>();
        var id = await api.CreateSearchAsync($$"""
            { "name": "outage", "seed": 3, "dataset": { "name": "spiral" }, "strategy": "random", "trials": 2, "epochs": {{Epochs}}, "sanityChecks": false,
              "space": { "learningRate": { "min": 0.01, "max": 0.1, "scale": "log" }, "hiddenLayers": [192, 192], "batchSize": 16 } }
            """);
        var searchId = Guid.Parse(id);
        await Eventually.WaitAsync(
            async () => (await store.GetStageTrialsAsync(searchId, 1, CancellationToken.None)).Where(t => t.Status == TrialStatus.Running).ToList(),
            running => running.Count == 2,
            TimeSpan.FromSeconds(60),
            "both trials to be running");
        var trials = await store.GetStageTrialsAsync(searchId, 1, CancellationToken.None);
        await Eventually.WaitAsync(() => store.GetEpochsAsync(trials[0].Id, CancellationToken.None), e => e.Count >= 3, TimeSpan.FromSeconds(60), "a few epochs");

        var before = await Task.WhenAll(trials.Select(t => store.GetEpochsAsync(t.Id, CancellationToken.None)));
        await PostgresScriptAsync("stop");
        var stoppedAt = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(4)); // the outage: every epoch write, lease renewal and Hangfire poll fails meanwhile
        await PostgresScriptAsync("restart");
        var outage = stoppedAt.Elapsed;

        var search = await api.WaitForSearchAsync(id, TimeSpan.FromSeconds(300));

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var after = await store.GetStageTrialsAsync(searchId, 1, CancellationToken.None);
        Assert.Equal(2, after.Count);
        foreach (var trial in after)
        {
            Assert.True(trial.Status == TrialStatus.Completed, $"trial {trial.Index}: {trial.Status} {trial.Error}");
            Assert.Equal(1, trial.Attempts); // retried through the outage, not rerun after it
            Assert.Equal(Epochs, trial.EpochsTrained);
            Assert.Equal(Enumerable.Range(1, Epochs), (await store.GetEpochsAsync(trial.Id, CancellationToken.None)).Select(e => e.Epoch));
        }

        // The trials really trained through the outage: neither had finished when the server stopped.
        Assert.True(outage >= TimeSpan.FromSeconds(4), $"{outage}");
        Assert.All(before, e => Assert.True(e.Count < Epochs, $"a trial had {e.Count} epochs before the outage"));
    }

    private async Task<string> PostgresScriptAsync(string command)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "HyperSearch.sln")))
        {
            dir = dir.Parent;
        }

        var start = new ProcessStartInfo("bash", [Path.Combine(dir.FullName, "scripts", "postgres.sh"), command, _serverDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && command != "restart")
        {
            throw new InvalidOperationException($"scripts/postgres.sh {command} exited {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
