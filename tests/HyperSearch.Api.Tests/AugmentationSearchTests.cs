using System.Net;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Augmentation (cropPadding, horizontalFlip) as searched parameters end to end: a tiny search on a small
/// MNIST-format set runs to completion with the drawn values stored per trial; a space that can turn
/// augmentation on for a dataset without images is a 400 naming the field, and one that keeps it off is
/// accepted. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class AugmentationSearchTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _datasets = Path.Combine(Path.GetTempPath(), "hs-augment-" + Guid.NewGuid().ToString("N"));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["HyperSearch:DatasetDirectory"] = _datasets };

    [Fact]
    public async Task AugmentedSearch_OnAnImageSet_Completes_WithTheDrawnValuesStored()
    {
        ConvSearchTests.WriteTinyMnist(_datasets, train: 240, test: 60);
        var spec = """
            { "name": "tiny augmented", "seed": 9, "dataset": { "name": "mnist", "trainSize": 160, "validationSize": 80 },
              "strategy": "random", "trials": 2, "epochs": 2, "sanityChecks": false,
              "space": { "learningRate": { "min": 0.01, "max": 0.05, "scale": "log" }, "batchSize": 32, "hiddenLayers": [16],
                         "convBlocks": { "values": [0, 1] }, "filters": 4, "cropPadding": { "values": [1, 3] }, "horizontalFlip": true } }
            """;

        var id = await Api.CreateSearchAsync(spec);
        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var trials = await Api.TrialsAsync(id);
        Assert.Equal(2, trials.Count);
        foreach (var t in trials)
        {
            Assert.Equal("completed", t!["status"]!.GetValue<string>());
            Assert.Contains(t["hyperparameters"]!["cropPadding"]!.GetValue<int>(), new[] { 1, 3 });
            Assert.True(t["hyperparameters"]!["horizontalFlip"]!.GetValue<bool>());
            Assert.InRange(t["validationAccuracy"]!.GetValue<double>(), 0, 1);
        }
    }

    [Fact]
    public async Task AshaPromotedAugmentedTrials_ResumeFromTheirCheckpoints_ExactlyAsTheyWouldHaveTrainedStraight()
    {
        ConvSearchTests.WriteTinyMnist(_datasets, train: 240, test: 60);
        static string Spec(string scheduler) => $$"""
            { "name": "augmented {{scheduler.Length}}", "seed": 12, "dataset": { "name": "mnist", "trainSize": 160, "validationSize": 80 },
              "strategy": "random", "trials": 3, "epochs": 3, "sanityChecks": false {{scheduler}},
              "space": { "learningRate": { "min": 0.01, "max": 0.05, "scale": "log" }, "batchSize": 32, "hiddenLayers": [16],
                         "convBlocks": 1, "filters": 4, "cropPadding": 2, "horizontalFlip": true } }
            """;

        var asha = await Api.CreateSearchAsync(Spec(""", "scheduler": { "kind": "asha", "minEpochs": 1, "maxEpochs": 3, "reduction": 3 }"""));
        var straight = await Api.CreateSearchAsync(Spec(""));
        Assert.Equal("completed", (await Api.WaitForSearchAsync(asha, Timeout))["status"]!.GetValue<string>());
        Assert.Equal("completed", (await Api.WaitForSearchAsync(straight, Timeout))["status"]!.GetValue<string>());

        // The same seed and space give the same trials; a promoted one trained in legs (epoch 1, then 2–3 from
        // its stored version-2 checkpoint, augmentation stream included) must match its straight twin bit for bit.
        var straightTrials = (await Api.TrialsAsync(straight)).ToDictionary(t => t!["index"]!.GetValue<int>());
        var promoted = (await Api.TrialsAsync(asha)).Where(t => t!["status"]!.GetValue<string>() == "completed").ToList();
        Assert.NotEmpty(promoted);
        foreach (var t in promoted)
        {
            var twin = straightTrials[t!["index"]!.GetValue<int>()]!;
            Assert.Equal(twin["hyperparameters"]!.ToJsonString(), t["hyperparameters"]!.ToJsonString());
            Assert.Equal(await EpochCurveAsync(twin), await EpochCurveAsync(t));
        }
    }

    [Theory]
    [InlineData("spiral", """{ "cropPadding": { "min": 0, "max": 2 } }""", "space.cropPadding")]
    [InlineData("blobs", """{ "cropPadding": 4 }""", "space.cropPadding")]
    [InlineData("spiral", """{ "horizontalFlip": { "values": [true, false] } }""", "space.horizontalFlip")]
    [InlineData("blobs", """{ "horizontalFlip": true }""", "space.horizontalFlip")]
    public async Task Augmentation_OnADatasetWithoutImages_Is400_NamingTheField(string dataset, string space, string field)
    {
        var before = await Api.SearchCountAsync();

        var (status, problem, _) = await Api.PostAsync("/api/searches", $$"""{ "dataset": "{{dataset}}", "trials": 1, "sanityChecks": false, "space": {{space}} }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = problem!["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.Contains("no image shape", errors[field]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await Api.SearchCountAsync());
    }

    [Fact]
    public async Task Augmentation_BothOnForASyntheticSet_ReportsBothFields_AndOffIsAccepted()
    {
        var (status, problem, _) = await Api.PostAsync("/api/searches", """{ "dataset": "spiral", "trials": 1, "sanityChecks": false, "space": { "cropPadding": 2, "horizontalFlip": true } }""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["space.cropPadding", "space.horizontalFlip"], problem!["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));

        var (accepted, _, _) = await Api.PostAsync(
            "/api/searches", """{ "dataset": "spiral", "trials": 1, "epochs": 1, "sanityChecks": false, "space": { "cropPadding": 0, "horizontalFlip": { "values": [false] } } }""");
        Assert.Equal(HttpStatusCode.Created, accepted);
    }

    /// <summary>A trial's per-epoch losses and accuracies (wall-clock seconds left out), as exact JSON numbers.</summary>
    private async Task<string> EpochCurveAsync(System.Text.Json.Nodes.JsonNode trial)
    {
        var detail = await Api.GetAsync($"/api/trials/{trial["id"]!.GetValue<string>()}");
        return string.Join(";", detail["epochs"]!.AsArray().Select(e =>
            $"{e!["epoch"]}:{e["trainLoss"]},{e["trainAccuracy"]},{e["validationLoss"]},{e["validationAccuracy"]}"));
    }
}

public sealed class SqliteAugmentationSearchTests : AugmentationSearchTests;

public sealed class PostgresAugmentationSearchTests : AugmentationSearchTests
{
    protected override bool UsePostgres => true;
}
