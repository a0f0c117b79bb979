using System.Net;
using HyperSearch.Client.Api.Searches.Item.Trials;
using HyperSearch.Client.Models;

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
        var id = await Client.CreateSearchAsync(Spec);
        await Client.WaitForSearchAsync(id, TimeSpan.FromSeconds(120));
        var trials = await Client.TrialsAsync(id);
        TrialResponse ByLr(double lr) => trials.Single(t => t.Hyperparameters!.LearningRate == lr);
        static List<DiagnosisLabelResponse_label> Labels(TrialResponse t) => t.Labels!.Select(l => l.Label!.Value).ToList();

        var high = ByLr(10);
        var low = ByLr(1e-7);
        var fine = ByLr(0.1);
        Assert.Equal(TrialStatus.Diverged, high.Status);
        Assert.Contains(DiagnosisLabelResponse_label.LrTooHigh, Labels(high));
        Assert.StartsWith("diverged: ", high.Labels!.Single(l => l.Label == DiagnosisLabelResponse_label.LrTooHigh).Evidence, StringComparison.Ordinal);
        Assert.Contains(DiagnosisLabelResponse_label.LrTooLow, Labels(low));
        Assert.DoesNotContain(DiagnosisLabelResponse_label.LrTooHigh, Labels(fine));
        Assert.DoesNotContain(DiagnosisLabelResponse_label.LrTooLow, Labels(fine));

        var filtered = await Client.TrialsAsync(id, q => q.Label = GetLabelQueryParameterType.LrTooLow);
        Assert.Equal([low.Id], filtered.Select(t => t.Id));

        // A label the API does not know: the typed client cannot send it (its enum has no such value), a user's raw URL can.
        var bad = await Api.Http.GetAsync($"/api/searches/{id}/trials?label=too-high");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await Api.ReadJsonAsync(bad);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("label"), problem.ToJsonString());

        await using var stream = await Client.Client.Api.Searches[id].TrialsCsv.GetAsync();
        using var reader = new StreamReader(stream!);
        var csv = (await reader.ReadToEndAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        int column = csv[0].Split(',').ToList().IndexOf("labels");
        Assert.True(column >= 0, csv[0]);
        Assert.Contains(csv.Skip(1), row => row.StartsWith(low.Id!.Value.ToString(), StringComparison.Ordinal) && row.Contains("lr-too-low", StringComparison.Ordinal));

        foreach (var trial in new[] { high, low, fine })
        {
            var detail = await Client.TrialAsync(trial.Id!.Value);
            var initial = detail.Diagnostics!.Where(l => l.Epoch == 0).ToList();
            Assert.Equal(2, initial.Count);
            Assert.All(initial, l => Assert.Equal(20, l.Histogram!.Counts!.Count));
            Assert.All(initial, l => Assert.Null(l.GradientNorm));
        }

        var trained = (await Client.TrialAsync(fine.Id!.Value)).Diagnostics!.Where(l => l.Epoch == 4).ToList();
        Assert.NotEmpty(trained);
        Assert.All(trained, l => Assert.True(l.GradientNorm > 0));
    }
}

public sealed class SqliteDiagnosisLabelsTests : DiagnosisLabelsTests;

public sealed class PostgresDiagnosisLabelsTests : DiagnosisLabelsTests
{
    protected override bool UsePostgres => true;
}
