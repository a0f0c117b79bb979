namespace HyperSearch.Api.Tests;

/// <summary>In the embedded mode the queue is in memory: a restart must resume queued and interrupted trials from the store.</summary>
public sealed class EmbeddedRecoveryTests
{
    [Fact]
    public async Task Restart_ResumesQueuedTrials_AndTheSearchCompletes()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hs-recover-" + Guid.NewGuid().ToString("N"));
        string id;
        await using (var first = new HyperSearchApp(dataDirectory: dir, settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" }))
        {
            id = await new Api(first.CreateClient()).CreateSearchAsync(Specs.Random(trials: 3, epochs: 3));
        }

        await using var second = new HyperSearchApp(dataDirectory: dir);
        var api = new Api(second.CreateClient());

        var search = await api.WaitForSearchAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", search["status"]!.GetValue<string>());
        Assert.All(await api.TrialsAsync(id), t => Assert.Equal("completed", t!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Restart_WhileStartIsSlowerThanTheTrials_StillAdvancesAndCompletes()
    {
        // With sanity checks the Start job can be slower than a 1-epoch trial, so after the restart a
        // recovered trial may finish while the search is still queued (its Advance then does nothing);
        // Start must advance the stage itself. Timing decides whether this run takes that path.
        var dir = Path.Combine(Path.GetTempPath(), "hs-recover-" + Guid.NewGuid().ToString("N"));
        string id;
        await using (var first = new HyperSearchApp(dataDirectory: dir, settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" }))
        {
            id = await new Api(first.CreateClient()).CreateSearchAsync(
                Specs.Random(trials: 1, epochs: 1).Replace("\"sanityChecks\": false", "\"sanityChecks\": true", StringComparison.Ordinal));
        }

        await using var second = new HyperSearchApp(dataDirectory: dir);
        var api = new Api(second.CreateClient());

        var search = await api.WaitForSearchAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", search["status"]!.GetValue<string>());
        Assert.NotNull(search["sanityChecks"]);
    }
}
