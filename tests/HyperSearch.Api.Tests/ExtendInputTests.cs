using System.Net;
using System.Text;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Bad bodies of POST /api/searches/{id}/stages and bad "warmStart" fields are 400s naming the field, with
/// nothing stored; unknown ids are 404. No workers: a submitted search stays queued (which may be extended).
/// </summary>
public abstract class ExtendInputTests : InputBackendTests
{
    [Theory]
    [InlineData("""{ "trials": 0 }""", "trials")]
    [InlineData("""{ "trials": 10001 }""", "trials")]
    [InlineData("""{ "trials": 2.5 }""", "trials")]
    [InlineData("""{ "epochs": 1001 }""", "epochs")]
    [InlineData("""{ "strategy": "bayes" }""", "strategy")]
    [InlineData("""{ "strategy": "grid", "trials": 4 }""", "trials")]
    [InlineData("""{ "gridPoints": 3 }""", "gridPoints")]
    [InlineData("""{ "trial": 3 }""", "trial")]
    [InlineData("""{ "topK": 0 }""", "topK")]
    [InlineData("""{ "space": { "learningRate": { "min": 1, "max": 0.1 } } }""", "space.learningRate.min")]
    [InlineData("""{ "space": { "learning_rate": 0.1 } }""", "space.learning_rate")]
    [InlineData("""{ "space": [1] }""", "space")]
    [InlineData("""{ "scheduler": { "kind": "hyperband" } }""", "scheduler.kind")]
    [InlineData("""{ "epochs": 3, "scheduler": { "kind": "asha", "maxEpochs": 9 } }""", "scheduler.maxEpochs")]
    [InlineData("""{ "trials": 2, "scheduler": { "kind": "asha", "reduction": 3 } }""", "scheduler.reduction")]
    [InlineData("""{ "trials": 2, "trials": 3 }""", "trials")]
    [InlineData("""{ "strategy": "grid", "gridPoints": 100, "space": { "learningRate": { "min": 0.01, "max": 1 }, "regularization": { "min": 1e-5, "max": 1e-2 }, "dropout": { "min": 0, "max": 0.5 } } }""", "gridPoints")]
    [InlineData("""[1]""", "body")]
    [InlineData("""{ "trials": """, "body")]
    public async Task BadStageBodies_Are400_NamingTheField_AndAddNothing(string body, string field)
    {
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 2));

        var response = await Api.Http.PostAsync($"/api/searches/{id}/stages", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, field);
        var search = await Api.SearchAsync(id);
        Assert.Equal(1, search["stageCount"]!.GetValue<int>());
        Assert.Null(search["spec"]!["extensions"]);
    }

    [Fact]
    public async Task TooManyTrialsForTheSearch_Is400OnTrials()
    {
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 10_000, epochs: 1));
        Assert.Equal(HttpStatusCode.Created, (await Api.PostAsync($"/api/searches/{id}/stages", """{ "trials": 10000 }""")).Status);

        var response = await Api.Http.PostAsync($"/api/searches/{id}/stages", new StringContent("""{ "trials": 1 }""", Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, "trials");
        Assert.Equal(2, (await Api.SearchAsync(id))["stageCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task ExtendingAQueuedSearch_RecordsTheStage_ForAdvanceToPlan()
    {
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 2, epochs: 2));

        var (status, body, _) = await Api.PostAsync($"/api/searches/{id}/stages", """{ "strategy": "sobol", "trials": 3, "epochs": 5 }""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(2, body!["stageCount"]!.GetValue<int>());
        Assert.Single(body["stages"]!.AsArray());
        var added = body["spec"]!["extensions"]![0]!;
        Assert.Equal(2, added["stage"]!.GetValue<int>());
        Assert.Equal("sobol", added["strategy"]!.GetValue<string>());
        Assert.Equal(3, added["trials"]!.GetValue<int>());
        Assert.Equal(5, added["epochs"]!.GetValue<int>());
    }

    [Fact]
    public async Task UnknownSearch_Is404()
    {
        var (status, body, _) = await Api.PostAsync($"/api/searches/{Guid.NewGuid()}/stages", """{ "trials": 2 }""");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, body!["status"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("\"warmStart\": { \"searchId\": \"not-a-guid\" }", "warmStart.searchId")]
    [InlineData("\"warmStart\": { \"searchId\": \"00000000-0000-0000-0000-000000000001\" }", "warmStart.searchId")]
    [InlineData("\"warmStart\": { }", "warmStart.searchId")]
    [InlineData("\"warmStart\": { \"searchId\": 5 }", "warmStart.searchId")]
    [InlineData("\"warmStart\": { \"search\": \"x\" }", "warmStart.search")]
    [InlineData("\"warmStart\": \"x\"", "warmStart")]
    public async Task BadWarmStart_Is400_NamingTheField(string field, string path)
    {
        var count = await Api.SearchCountAsync();

        var response = await Api.Http.PostAsync("/api/searches", new StringContent(Specs.Random(extra: ", " + field), Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, path);
        Assert.Equal(count, await Api.SearchCountAsync());
    }

    [Fact]
    public async Task WarmStartFromAnotherDataset_Is400OnWarmStartSearchId()
    {
        var blobs = await Api.CreateSearchAsync("""{ "dataset": "blobs", "trials": 2, "sanityChecks": false }""");

        var response = await Api.Http.PostAsync("/api/searches", new StringContent(
            Specs.Random(extra: $$""", "warmStart": { "searchId": "{{blobs}}" }"""), Encoding.UTF8, "application/json"));

        var errors = await AssertProblemNamingAsync(response, "warmStart.searchId");
        Assert.Contains("blobs", errors["warmStart.searchId"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task WarmStartInAComparison_IsAnUnknownField()
    {
        var earlier = await Api.CreateSearchAsync(Specs.Random(trials: 2));
        var spec = $$"""{ "dataset": "spiral", "budget": 4, "warmStart": { "searchId": "{{earlier}}" } }""";

        var response = await Api.Http.PostAsync("/api/comparisons", new StringContent(spec, Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, "warmStart");
    }
}

public sealed class SqliteExtendInputTests : ExtendInputTests;

public sealed class PostgresExtendInputTests : ExtendInputTests
{
    protected override bool UsePostgres => true;
}
