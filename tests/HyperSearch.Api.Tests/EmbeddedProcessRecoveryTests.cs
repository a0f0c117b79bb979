namespace HyperSearch.Api.Tests;

/// <summary>
/// The embedded mode keeps Hangfire's queue in memory, so a crash loses the jobs: the store must bring
/// them back. The real API executable is killed (-9) mid-trial and started again on the same data
/// directory; the interrupted trial reruns once its lease has run out, and the search completes.
/// </summary>
public sealed class EmbeddedProcessRecoveryTests
{
    [Fact]
    public async Task ApiKilledMidTrial_RestartResumesTheInterruptedTrial_AndStoresItOnce()
    {
        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["HyperSearch__DataDirectory"] = Path.Combine(Path.GetTempPath(), "hs-crash-" + Guid.NewGuid().ToString("N")),
            ["HyperSearch__Workers"] = "1",
            ["HyperSearch__LeaseSeconds"] = "3",
            ["HyperSearch__RecoveryScanSeconds"] = "1",
            ["Urls"] = $"http://127.0.0.1:{port}",
        };
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var api = new Api(http);

        string searchId, trialId;
        await using (var first = ServiceProcess.Start("HyperSearch.Api", environment))
        {
            await WaitForHealthAsync(http, first);
            searchId = await api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 150, space: """{ "learningRate": 0.05, "hiddenLayers": [256, 256], "batchSize": 16 }"""));
            var running = await Eventually.WaitAsync(
                async () => (await api.TrialsAsync(searchId)).FirstOrDefault(t => t!["status"]!.GetValue<string>() == "running"),
                t => t is not null,
                TimeSpan.FromSeconds(60),
                "a running trial");
            trialId = running!["id"]!.GetValue<string>();
            await Eventually.WaitAsync(() => api.GetAsync($"/api/trials/{trialId}"), d => d["epochs"]!.AsArray().Count >= 2, TimeSpan.FromSeconds(60), "the trial to be mid-way");

            first.KillHard();
        }

        await using var second = ServiceProcess.Start("HyperSearch.Api", environment);
        await WaitForHealthAsync(http, second);

        var search = await api.WaitForSearchAsync(searchId, TimeSpan.FromSeconds(180));
        Assert.True(search["status"]!.GetValue<string>() == "completed", second.Output);
        var trials = await api.TrialsAsync(searchId);
        Assert.All(trials, t => Assert.Equal("completed", t!["status"]!.GetValue<string>()));
        var resumed = trials.Single(t => t!["id"]!.GetValue<string>() == trialId)!;
        Assert.Equal(2, resumed["attempts"]!.GetValue<int>());
        Assert.EndsWith($":{second.Id}", resumed["worker"]!.GetValue<string>(), StringComparison.Ordinal);
        var epochs = (await api.GetAsync($"/api/trials/{trialId}"))["epochs"]!.AsArray().Select(e => e!["epoch"]!.GetValue<int>());
        Assert.Equal(Enumerable.Range(1, 150), epochs);
    }

    private static Task WaitForHealthAsync(HttpClient http, ServiceProcess process) =>
        Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    using var r = await http.GetAsync("/health");
                    return r.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return process.HasExited;
                }
            },
            ok => ok,
            TimeSpan.FromSeconds(30),
            "GET /health to answer 200");
}
