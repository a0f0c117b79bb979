using System.Globalization;
using System.Net;
using HyperSearch.Engine;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Issue 12, bounded work: the per-trial model-size cap, checked at submit against the largest model any
/// stage of the spec can draw (HyperSearch:MaxTrialParameters, HyperSearch:MaxTrialMemoryBytes); a breach
/// is a 400 naming the space field, with the computed figures, and nothing is stored. SQLite and PostgreSQL.
/// </summary>
public abstract class HardeningModelSizeTests : InputBackendTests
{
    private const long MemoryLimit = 300_000_000;

    private readonly string _datasets = Path.Combine(Path.GetTempPath(), "hs-size-" + Guid.NewGuid().ToString("N"));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["HyperSearch:DatasetDirectory"] = _datasets,
        ["HyperSearch:MaxTrialMemoryBytes"] = MemoryLimit.ToString(CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task AnMlpSpaceWhoseLargestModelPassesTheParameterCap_Is400OnHiddenLayers_WithTheCount()
    {
        var before = await Api.SearchCountAsync();
        var (features, classes) = await ShapeOfAsync("blobs");

        var (status, problem, _) = await Api.PostAsync("/api/searches", """
            { "dataset": "blobs", "trials": 2, "sanityChecks": false,
              "space": { "hiddenLayers": { "values": [[64], [4096, 4096, 4096, 4096]] }, "activation": { "values": ["relu", "maxout"] }, "maxoutPieces": 4 } }
            """);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = problem!["errors"]!["space.hiddenLayers"]![0]!.GetValue<string>();
        var expected = ModelFootprint.Estimate(new ModelSpec(features, [4096, 4096, 4096, 4096], classes, Activation.Maxout, WeightInit.He, BatchNorm: false, MaxoutPieces: 4), OptimizerKind.SgdMomentum, 128);
        Assert.True(message.Contains($"has {expected.Parameters.ToString("N0", CultureInfo.InvariantCulture)} parameters, over the per-trial limit of 50,000,000", StringComparison.Ordinal), message);
        Assert.True(message.Contains("hiddenLayers [4096, 4096, 4096, 4096], activation maxout × 4 pieces", StringComparison.Ordinal), message);
        Assert.Equal(before, await Api.SearchCountAsync());
    }

    [Fact]
    public async Task AConvSpaceWhoseActivationsPassTheMemoryCap_Is400OnBatchSize_WithTheBytes_AndTheSameSpaceAtBatchSize32IsAccepted()
    {
        ConvSearchTests.WriteTinyMnist(_datasets, train: 240, test: 60);
        var before = await Api.SearchCountAsync();
        const string Space = """
            "hiddenLayers": [16], "convBlocks": { "values": [1, 2] }, "filters": 64, "pooling": { "values": ["max", "none"] }
            """;

        // Unpooled, two blocks of 64 and 128 filters keep all 28×28 pixels: ≈ 1.2 GB of activations at batch 1024.
        var (status, problem, _) = await Api.PostAsync("/api/searches", $$"""
            { "dataset": { "name": "mnist", "trainSize": 160, "validationSize": 80 }, "trials": 2, "sanityChecks": false,
              "space": { {{Space}}, "batchSize": { "values": [32, 1024] } } }
            """);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = problem!["errors"]!["space.batchSize"]![0]!.GetValue<string>();
        var worst = new ModelSpec(784, [16], 10, Activation.ReLU, WeightInit.He, BatchNorm: false)
        {
            InputShape = new ImageShape(1, 28, 28),
            ConvBlocks = [new ConvBlockSpec(64, 3), new ConvBlockSpec(128, 3)],
        };
        var expected = ModelFootprint.Estimate(worst, OptimizerKind.SgdMomentum, 1024);
        Assert.True(message.Contains($"needs {N(expected.TotalBytes)} bytes per trial", StringComparison.Ordinal), message);
        Assert.True(message.Contains($"activations at batch size 1024 {N(expected.ActivationBytes)}", StringComparison.Ordinal), message);
        Assert.True(message.Contains($"over the per-trial limit of {N(MemoryLimit)} bytes", StringComparison.Ordinal), message);
        Assert.True(message.Contains("2 conv blocks from 64 filters, kernel 3, pooling none", StringComparison.Ordinal), message);
        Assert.Equal(before, await Api.SearchCountAsync());

        var (small, body, _) = await Api.PostAsync("/api/searches", $$"""
            { "dataset": { "name": "mnist", "trainSize": 160, "validationSize": 80 }, "trials": 2, "sanityChecks": false, "space": { {{Space}}, "batchSize": 32 } }
            """);
        Assert.True(small == HttpStatusCode.Created, body?.ToJsonString());
    }

    [Fact]
    public async Task ABatchSizeRange_ThatRefinedStagesCanStretchPastTheCap_Is400_ThoughItsFirstStageFits()
    {
        // 2 × 2048 units with Adam: ≈ 67 MB of weights, gradients and moments, 64 KB of activations per example.
        // Batch 128 fits; refinement moves a log range [16, 128] up by half its span per stage: ≈ 1 700 by
        // stage 3 (≈ 180 MB, fits), the 4 096 limit by stage 4 (≈ 335 MB, over the 300 MB cap).
        const string Space = """
            "space": { "hiddenLayers": [2048, 2048], "optimizer": "adam", "batchSize": { "min": 16, "max": 128, "scale": "log" } }
            """;

        foreach (var fits in new[] { "", """, "refine": { "stages": 3, "topK": 2, "trials": 2, "epochs": 1 }""" })
        {
            var (created, body, _) = await Api.PostAsync("/api/searches", $$"""{ "dataset": "blobs", "trials": 2, "sanityChecks": false, {{Space}}{{fits}} }""");
            Assert.True(created == HttpStatusCode.Created, body?.ToJsonString());
        }

        var before = await Api.SearchCountAsync();

        var (status, problem, _) = await Api.PostAsync("/api/searches", $$"""{ "dataset": "blobs", "trials": 2, "sanityChecks": false, {{Space}}, "refine": { "stages": 4, "topK": 2, "trials": 2, "epochs": 1 } }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = problem!["errors"]!["space.batchSize"]![0]!.GetValue<string>();
        Assert.True(message.Contains("in any of its 4 stages", StringComparison.Ordinal), message);
        Assert.True(message.Contains("batchSize 4096, optimizer adam", StringComparison.Ordinal), message);
        Assert.Equal(before, await Api.SearchCountAsync());
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private async Task<(int Features, int Classes)> ShapeOfAsync(string dataset)
    {
        var row = (await Api.GetAsync("/api/datasets")).AsArray().Single(d => d!["name"]!.GetValue<string>() == dataset)!;
        return (row["features"]!.GetValue<int>(), row["classes"]!.GetValue<int>());
    }
}

public sealed class SqliteHardeningModelSizeTests : HardeningModelSizeTests;

public sealed class PostgresHardeningModelSizeTests : HardeningModelSizeTests
{
    protected override bool UsePostgres => true;
}
