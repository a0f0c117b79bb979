using System.Net;
using HyperSearch.Client.Models;

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
        var id = await Client.CreateSearchAsync(Spec("true", "\"he\""));
        var search = await Client.WaitForSearchAsync(id, Timeout);

        var checks = search.SanityChecks!;
        var architectures = checks.Architectures!.Select(a => a.Architecture!).ToList();
        Assert.Equal(["16 relu he", "16 tanh he", "32-16 relu he", "32-16 tanh he"], architectures.Order(StringComparer.Ordinal));
        Assert.False(checks.Gate);
        Assert.Equal(SearchStatus.Completed, search.Status);

        var trials = await Client.TrialsAsync(id);
        Assert.Equal(8, trials.Count); // λ does not make another architecture
        foreach (var trial in trials)
        {
            var detail = await Client.TrialAsync(trial.Id!.Value);
            var hp = trial.Hyperparameters!;
            var activation = hp.Activation switch
            {
                Hyperparameters_activation.Relu => "relu",
                Hyperparameters_activation.Tanh => "tanh",
                var other => other.ToString(),
            };
            var expected = $"{string.Join("-", hp.HiddenLayers!)} {activation} he";
            Assert.Equal(expected, detail.Architecture);
            Assert.Equal(expected, detail.SanityChecks!.Architecture);
        }
    }

    [Fact]
    public async Task Gate_StopsASearchWhoseChecksFail_BeforeStageOne_WithAClearReport()
    {
        var id = await Client.CreateSearchAsync(Spec("\"gate\"", "{ \"values\": [\"he\", \"zeros\"] }"));
        var search = await Client.WaitForSearchAsync(id, Timeout, SearchStatus.Failed);

        var error = search.Error!;
        Assert.Contains("sanity checks failed", error, StringComparison.Ordinal);
        Assert.Contains("zeros", error, StringComparison.Ordinal);
        Assert.DoesNotContain("he:", error, StringComparison.Ordinal);
        var checks = search.SanityChecks!;
        Assert.True(checks.Gate);
        Assert.False(checks.Passed);
        Assert.Equal(8, checks.Architectures!.Count);
        Assert.Contains(checks.Architectures, a => a.Architecture!.EndsWith(" zeros", StringComparison.Ordinal) && a.Passed == false);
        Assert.All(checks.Architectures.Where(a => a.Architecture!.EndsWith(" he", StringComparison.Ordinal)), a => Assert.True(a.Passed));
        var trials = await Client.TrialsAsync(id);
        Assert.All(trials, t => Assert.Equal(TrialStatus.Cancelled, t.Status));
        Assert.All(trials, t => Assert.Equal(0, t.EpochsTrained));
    }

    [Fact]
    public async Task SameFailingSpec_WithoutTheGate_RunsAndReports()
    {
        var id = await Client.CreateSearchAsync(Spec("true", "{ \"values\": [\"he\", \"zeros\"] }"));
        var search = await Client.WaitForSearchAsync(id, Timeout);

        Assert.Equal(SearchStatus.Completed, search.Status);
        Assert.False(search.SanityChecks!.Passed);
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
