using System.Net;

namespace HyperSearch.Api.Tests;

/// <summary>
/// "pruneOn" (issue #17, pruning on diagnostics): a trial whose diagnosis shows a listed label stops after that
/// epoch as pruned, with the label and its evidence as the reason; the others train on. Bad lists are 400s
/// naming the field. SQLite and Postgres.
/// </summary>
public abstract class DiagnosisPruningTests : BackendTests
{
    private static string Spec(string pruneOn) => $$"""
        { "name": "prune on diagnosis", "seed": 4, "dataset": { "name": "spiral" }, "strategy": "grid", "epochs": 5,
          "sanityChecks": false, "pruneOn": {{pruneOn}},
          "space": { "learningRate": { "values": [1e-7, 0.1] }, "optimizer": "sgd", "hiddenLayers": [32, 32], "batchSize": 32 } }
        """;

    [Fact]
    public async Task ATrialDiagnosedLrTooLow_StopsAfterEpochOne_AsPruned_TheOtherTrainsOn()
    {
        var id = await Api.CreateSearchAsync(Spec("""["lr-too-low", "init-collapse"]"""));
        var search = await Api.WaitForSearchAsync(id, TimeSpan.FromSeconds(120));
        var trials = await Api.TrialsAsync(id);

        var low = trials.Single(t => t!["hyperparameters"]!["learningRate"]!.GetValue<double>() == 1e-7)!;
        var fine = trials.Single(t => t!["hyperparameters"]!["learningRate"]!.GetValue<double>() == 0.1)!;
        Assert.Equal("completed", search["status"]!.GetValue<string>());
        Assert.Equal("pruned", low["status"]!.GetValue<string>());
        Assert.Equal(1, low["epochsTrained"]!.GetValue<int>());
        Assert.StartsWith("pruned on its diagnosis at epoch 1: lr-too-low (median update/weight ratio", low["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(low["labels"]!.AsArray(), l => l!["label"]!.GetValue<string>() == "lr-too-low");
        Assert.Equal("completed", fine["status"]!.GetValue<string>());
        Assert.Equal(5, fine["epochsTrained"]!.GetValue<int>());
        Assert.Equal(5, (await Api.GetAsync($"/api/trials/{fine["id"]}"))["epochs"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("\"lr-too-low\"", "pruneOn")]
    [InlineData("""["underfit"]""", "pruneOn[0]")]
    [InlineData("""["overfit", "nope"]""", "pruneOn[1]")]
    [InlineData("""["overfit", "overfit"]""", "pruneOn[1]")]
    [InlineData("""[1]""", "pruneOn[0]")]
    [InlineData("""[null]""", "pruneOn[0]")]
    public async Task BadPruneOn_Is400NamingTheField(string pruneOn, string field)
    {
        var (status, body, _) = await Api.PostAsync("/api/searches", Spec(pruneOn));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body!["errors"]!.AsObject().ContainsKey(field), body.ToJsonString());
    }
}

public sealed class SqliteDiagnosisPruningTests : DiagnosisPruningTests;

public sealed class PostgresDiagnosisPruningTests : DiagnosisPruningTests
{
    protected override bool UsePostgres => true;
}
