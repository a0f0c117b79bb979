using System.Net;
using System.Text.Json.Nodes;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Diagnosis labels through the service (issue #17): a real search whose trials train at lr 10, 0.1 and 1e-7
/// gets lr-too-high and lr-too-low on the right trials, with evidence; the trial table filters by label; the
/// export carries the labels; every trial's detail holds its epoch-0 layers with histograms. SQLite and Postgres.
/// </summary>
public abstract class DiagnosisLabelsTests : BackendTests
{
    private const string Spec = """
        { "name": "lr extremes", "seed": 3, "dataset": { "name": "spiral" }, "strategy": "grid", "epochs": 4,
          "sanityChecks": false,
          "space": { "learningRate": { "values": [10, 0.1, 1e-7] }, "optimizer": "sgd", "hiddenLayers": [32, 32],
                     "activation": "relu", "batchSize": 32 } }
        """;

    [Fact]
    public async Task LearningRateExtremes_AreLabelled_Filterable_Exported_AndEveryTrialHasItsEpochZeroPicture()
    {
        var id = await Api.CreateSearchAsync(Spec);
        await Api.WaitForSearchAsync(id, TimeSpan.FromSeconds(120));
        var trials = await Api.TrialsAsync(id);
        JsonNode ByLr(double lr) => trials.Single(t => t!["hyperparameters"]!["learningRate"]!.GetValue<double>() == lr)!;
        static List<string> Labels(JsonNode t) => t["labels"]!.AsArray().Select(l => l!["label"]!.GetValue<string>()).ToList();

        var high = ByLr(10);
        var low = ByLr(1e-7);
        var fine = ByLr(0.1);
        Assert.Equal("diverged", high["status"]!.GetValue<string>());
        Assert.Contains("lr-too-high", Labels(high));
        Assert.StartsWith("diverged: ", high["labels"]!.AsArray().Single(l => l!["label"]!.GetValue<string>() == "lr-too-high")!["evidence"]!.GetValue<string>());
        Assert.Contains("lr-too-low", Labels(low));
        Assert.DoesNotContain("lr-too-high", Labels(fine));
        Assert.DoesNotContain("lr-too-low", Labels(fine));

        var filtered = await Api.TrialsAsync(id, "&label=lr-too-low");
        Assert.Equal([low["id"]!.GetValue<string>()], filtered.Select(t => t!["id"]!.GetValue<string>()));
        var bad = await Api.Http.GetAsync($"/api/searches/{id}/trials?label=too-high");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await Api.ReadJsonAsync(bad);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("label"), problem.ToJsonString());

        var csv = (await Api.Http.GetStringAsync($"/api/searches/{id}/trials.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        int column = csv[0].Split(',').ToList().IndexOf("labels");
        Assert.True(column >= 0, csv[0]);
        Assert.Contains(csv.Skip(1), row => row.StartsWith(low["id"]!.GetValue<string>(), StringComparison.Ordinal) && row.Contains("lr-too-low", StringComparison.Ordinal));

        foreach (var trial in new[] { high, low, fine })
        {
            var detail = await Api.GetAsync($"/api/trials/{trial["id"]}");
            var initial = detail["diagnostics"]!.AsArray().Where(l => l!["epoch"]!.GetValue<int>() == 0).ToList();
            Assert.Equal(2, initial.Count);
            Assert.All(initial, l => Assert.Equal(20, l!["histogram"]!["counts"]!.AsArray().Count));
            Assert.All(initial, l => Assert.Null(l!["gradientNorm"]));
        }

        var trained = (await Api.GetAsync($"/api/trials/{fine["id"]}"))["diagnostics"]!.AsArray().Where(l => l!["epoch"]!.GetValue<int>() == 4).ToList();
        Assert.All(trained, l => Assert.True(l!["gradientNorm"]!.GetValue<double>() > 0));
    }
}

public sealed class SqliteDiagnosisLabelsTests : DiagnosisLabelsTests;

public sealed class PostgresDiagnosisLabelsTests : DiagnosisLabelsTests
{
    protected override bool UsePostgres => true;
}
