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
}

public sealed class SqliteAugmentationSearchTests : AugmentationSearchTests;

public sealed class PostgresAugmentationSearchTests : AugmentationSearchTests
{
    protected override bool UsePostgres => true;
}
