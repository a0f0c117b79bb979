using System.Net;
using System.Text.Json.Nodes;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Sanity checks per distinct architecture of stage 1 and as a gate (issue #17): every network of the grid is
/// checked once, each trial's detail links to its network's checks, and "sanityChecks": "gate" ends a search
/// whose checks fail — here a network of zeros, which can never overfit 20 examples — before any trial trains.
/// </summary>
public abstract class SanityGateTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static string Spec(string sanity, string init) => $$"""
        { "name": "sanity", "seed": 3, "dataset": { "name": "spiral" }, "strategy": "grid", "epochs": 2,
          "sanityChecks": {{sanity}},
          "space": { "learningRate": 0.05, "hiddenLayers": { "values": [[16], [32, 16]] }, "activation": { "values": ["relu", "tanh"] },
                     "weightInit": {{init}}, "batchSize": 64, "regularization": { "values": [1e-5, 1e-4] } } }
        """;

    [Fact]
    public async Task EveryDistinctArchitecture_IsCheckedOnce_AndEachTrialLinksToItsOwn()
    {
        var id = await Api.CreateSearchAsync(Spec("true", "\"he\""));
        var search = await Api.WaitForSearchAsync(id, Timeout);

        var checks = search["sanityChecks"]!;
        var architectures = checks["architectures"]!.AsArray().Select(a => a!["architecture"]!.GetValue<string>()).ToList();
        Assert.Equal(["16 relu he", "16 tanh he", "32-16 relu he", "32-16 tanh he"], architectures.Order());
        Assert.False(checks["gate"]!.GetValue<bool>());
        Assert.Equal("completed", search["status"]!.GetValue<string>());

        var trials = await Api.TrialsAsync(id);
        Assert.Equal(8, trials.Count); // λ does not make another architecture
        foreach (var trial in trials)
        {
            var detail = await Api.GetAsync($"/api/trials/{trial!["id"]}");
            var hp = trial["hyperparameters"]!;
            var expected = $"{string.Join("-", hp["hiddenLayers"]!.AsArray().Select(w => w!.GetValue<int>()))} {hp["activation"]!.GetValue<string>()} he";
            Assert.Equal(expected, detail["architecture"]!.GetValue<string>());
            Assert.Equal(expected, detail["sanityChecks"]!["architecture"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Gate_StopsASearchWhoseChecksFail_BeforeStageOne_WithAClearReport()
    {
        var id = await Api.CreateSearchAsync(Spec("\"gate\"", "{ \"values\": [\"he\", \"zeros\"] }"));
        var search = await Api.WaitForSearchAsync(id, Timeout, "failed");

        var error = search["error"]!.GetValue<string>();
        Assert.Contains("sanity checks failed", error, StringComparison.Ordinal);
        Assert.Contains("zeros", error, StringComparison.Ordinal);
        Assert.DoesNotContain("he:", error, StringComparison.Ordinal);
        var checks = search["sanityChecks"]!;
        Assert.True(checks["gate"]!.GetValue<bool>());
        Assert.False(checks["passed"]!.GetValue<bool>());
        Assert.Equal(8, checks["architectures"]!.AsArray().Count);
        Assert.Contains(checks["architectures"]!.AsArray(), a => a!["architecture"]!.GetValue<string>().EndsWith(" zeros", StringComparison.Ordinal) && !a["passed"]!.GetValue<bool>());
        Assert.All(checks["architectures"]!.AsArray().Where(a => a!["architecture"]!.GetValue<string>().EndsWith(" he", StringComparison.Ordinal)), a => Assert.True(a!["passed"]!.GetValue<bool>()));
        var trials = await Api.TrialsAsync(id);
        Assert.All(trials, t => Assert.Equal("cancelled", t!["status"]!.GetValue<string>()));
        Assert.All(trials, t => Assert.Equal(0, t!["epochsTrained"]!.GetValue<int>()));
    }

    [Fact]
    public async Task SameFailingSpec_WithoutTheGate_RunsAndReports()
    {
        var id = await Api.CreateSearchAsync(Spec("true", "{ \"values\": [\"he\", \"zeros\"] }"));
        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        Assert.False(search["sanityChecks"]!["passed"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("\"Gate\"")]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("[]")]
    public async Task BadSanityChecks_Is400NamingTheField(string value)
    {
        var (status, body, _) = await Api.PostAsync("/api/searches", Spec(value, "\"he\""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body!["errors"]!.AsObject().ContainsKey("sanityChecks"), body.ToJsonString());
    }
}

public sealed class SqliteSanityGateTests : SanityGateTests;

public sealed class PostgresSanityGateTests : SanityGateTests
{
    protected override bool UsePostgres => true;
}
