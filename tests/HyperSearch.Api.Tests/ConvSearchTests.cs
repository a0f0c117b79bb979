using System.Buffers.Binary;
using System.Net;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Conv blocks as searched parameters end to end: a tiny conv search on a small MNIST-format set
/// (written into the host's data directory, so the test needs no installed dataset) runs to completion
/// with conv trials stored and per-block diagnostics; conv spaces the data cannot take are 400s on
/// space.convBlocks. Runs on SQLite and PostgreSQL.
/// </summary>
public abstract class ConvSearchTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _datasets = Path.Combine(Path.GetTempPath(), "hs-conv-" + Guid.NewGuid().ToString("N"));

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["HyperSearch:DatasetDirectory"] = _datasets };

    [Fact]
    public async Task ConvSearch_OnAnImageSet_Completes_WithConvTrialsAndPerBlockDiagnostics()
    {
        WriteTinyMnist(_datasets, train: 240, test: 60);
        var spec = """
            { "name": "tiny conv", "seed": 5, "dataset": { "name": "mnist", "trainSize": 160, "validationSize": 80 },
              "strategy": "random", "trials": 2, "epochs": 1, "sanityChecks": false,
              "space": { "learningRate": { "min": 0.01, "max": 0.05, "scale": "log" }, "batchSize": 32, "hiddenLayers": [16],
                         "convBlocks": 2, "filters": 4, "kernelSize": { "values": [3, 5] }, "pooling": "max", "convBatchNorm": { "values": [true, false] } } }
            """;

        var id = await Api.CreateSearchAsync(spec);
        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        var trials = await Api.TrialsAsync(id);
        Assert.Equal(2, trials.Count);
        foreach (var t in trials)
        {
            Assert.Equal("completed", t!["status"]!.GetValue<string>());
            Assert.Equal(2, t["hyperparameters"]!["convBlocks"]!.GetValue<int>());
            Assert.Equal(4, t["hyperparameters"]!["filters"]!.GetValue<int>());
            Assert.Contains(t["hyperparameters"]!["kernelSize"]!.GetValue<int>(), new[] { 3, 5 });

            var detail = await Api.GetAsync($"/api/trials/{t["id"]!.GetValue<string>()}");
            var byEpoch = detail["diagnostics"]!.AsArray().GroupBy(l => l!["epoch"]!.GetValue<int>()).OrderBy(g => g.Key).ToList();
            Assert.Equal(Enumerable.Range(0, t["epochsTrained"]!.GetValue<int>() + 1), byEpoch.Select(g => g.Key)); // epoch 0: at initialisation
            Assert.All(byEpoch, g => Assert.Equal([1, 2, 3], g.Select(l => l!["layer"]!.GetValue<int>()).Order())); // the two conv blocks, then the hidden layer
        }
    }

    [Theory]
    [InlineData("spiral", """{ "convBlocks": { "min": 0, "max": 2 } }""")]
    [InlineData("blobs", """{ "convBlocks": 1 }""")]
    public async Task ConvSpace_OnADatasetWithoutImages_Is400_NamingSpaceConvBlocks(string dataset, string space)
    {
        var before = await Api.SearchCountAsync();

        var (status, problem, _) = await Api.PostAsync("/api/searches", $$"""{ "dataset": "{{dataset}}", "trials": 1, "sanityChecks": false, "space": {{space}} }""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("image", problem!["errors"]!["space.convBlocks"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, await Api.SearchCountAsync());
    }

    [Fact]
    public async Task ConvStack_PoolingBelowOnePixel_Is400_AndFourPooledBlocksOn28x28AreAccepted()
    {
        WriteTinyMnist(_datasets, train: 240, test: 60);
        const string Dataset = """ "dataset": { "name": "mnist", "trainSize": 160, "validationSize": 80 }, "trials": 1, "sanityChecks": false """;

        // kernel 6 ("same" padding 2) loses a pixel per block: 28 → 27/2 = 13 → 12/2 = 6 → 5/2 = 2 → 1, which a 2×2 pool cannot take.
        var (status, problem, _) = await Api.PostAsync("/api/searches", $$"""{ {{Dataset}}, "space": { "convBlocks": 4, "kernelSize": 6 } }""");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("below 1x1", problem!["errors"]!["space.convBlocks"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var (accepted, _, _) = await Api.PostAsync("/api/searches", $$"""{ {{Dataset}}, "space": { "convBlocks": 4, "kernelSize": 6, "pooling": "none" } }""");
        Assert.Equal(HttpStatusCode.Created, accepted);
        var (fourPooled, _, _) = await Api.PostAsync("/api/searches", $$"""{ {{Dataset}}, "space": { "convBlocks": 4, "kernelSize": { "values": [3, 5] } } }""");
        Assert.Equal(HttpStatusCode.Created, fourPooled);
    }

    /// <summary>An MNIST-format set (IDX files, 28×28 grey) of <paramref name="train"/> + <paramref name="test"/> images: a bright square whose position is the class.</summary>
    internal static void WriteTinyMnist(string dataDirectory, int train, int test)
    {
        var dir = Path.Combine(dataDirectory, "mnist");
        Directory.CreateDirectory(dir);
        Write(dir, "train", train);
        Write(dir, "t10k", test);

        static void Write(string dir, string prefix, int count)
        {
            var images = new byte[16 + (count * 784)];
            BinaryPrimitives.WriteInt32BigEndian(images, 0x803);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(4), count);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(8), 28);
            BinaryPrimitives.WriteInt32BigEndian(images.AsSpan(12), 28);
            var labels = new byte[8 + count];
            BinaryPrimitives.WriteInt32BigEndian(labels, 0x801);
            BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), count);
            for (var i = 0; i < count; i++)
            {
                var label = i % 10;
                labels[8 + i] = (byte)label;
                int top = 2 + (label / 5 * 12), left = 2 + (label % 5 * 5);
                for (var y = top; y < top + 8; y++)
                {
                    for (var x = left; x < left + 4; x++)
                    {
                        images[16 + (i * 784) + (y * 28) + x] = (byte)(200 + (i % 50));
                    }
                }
            }

            File.WriteAllBytes(Path.Combine(dir, $"{prefix}-images-idx3-ubyte"), images);
            File.WriteAllBytes(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte"), labels);
        }
    }
}

public sealed class SqliteConvSearchTests : ConvSearchTests;

public sealed class PostgresConvSearchTests : ConvSearchTests
{
    protected override bool UsePostgres => true;
}
