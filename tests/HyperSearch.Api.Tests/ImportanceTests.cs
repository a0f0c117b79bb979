using System.Net;
using HyperSearch.Client.Models;

namespace HyperSearch.Api.Tests;

/// <summary>
/// <c>GET /api/searches/{id}/importance</c>: per stage, a share per varied parameter summing to 1, over the
/// stage's finished trials; the parameter that decides the outcome comes first. SQLite and PostgreSQL.
/// </summary>
public abstract class ImportanceTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // Two epochs at learning rates from 1e-4 (learns nothing) to 0.5 decide everything; a λ between 1e-7
    // and 1e-6 changes nothing a spiral net can show.
    private const string Space = """
        { "learningRate": { "min": 1e-4, "max": 0.5, "scale": "log" }, "regularization": { "min": 1e-7, "max": 1e-6, "scale": "log" },
          "hiddenLayers": [32], "batchSize": 64 }
        """;

    private const string SafeSpace = """
        { "learningRate": { "min": 1e-5, "max": 1e-4, "scale": "log" }, "hiddenLayers": [32], "batchSize": 64 }
        """;

    [Fact]
    public async Task TheDecisiveParameter_HasTheLargestShare_SharesSumToOne()
    {
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 20, epochs: 2, space: Space));
        await Client.WaitForSearchAsync(id, Timeout);

        var importance = (await Client.Client.Api.Searches[id].Importance.GetAsync())!;

        Assert.Equal(id, importance.SearchId);
        Assert.Equal(0.1, importance.TopQuantile);
        var stage = Assert.Single(importance.Stages!);
        Assert.Equal(1, stage.Stage);
        Assert.Equal(20, stage.Trials);
        var parameters = stage.Parameters!;
        Assert.Equal(["learningRate", "regularization"], parameters.Select(p => p.Name));
        Assert.Equal(1.0, parameters.Sum(p => p.Share!.Value), 9);
        Assert.True(parameters[0].Share > 0.6, string.Join(", ", parameters.Select(p => $"{p.Name} {p.Share}")));
    }

    [Fact]
    public async Task AQueuedSearch_HasStagesWithNoParametersYet()
    {
        // Learning rates too small to diverge and 500 epochs: no trial can finish (or diverge) before the cancel lands,
        // whichever worker picks one up first.
        var id = await Client.CreateSearchAsync(Specs.Random(trials: 3, epochs: 500, space: SafeSpace));
        Assert.Equal(SearchStatus.Cancelled, (await Client.Client.Api.Searches[id].Cancel.PostAsync())!.Status);

        var stage = Assert.Single((await Client.Client.Api.Searches[id].Importance.GetAsync())!.Stages!);

        Assert.Equal(0, stage.Trials);
        Assert.Empty(stage.Parameters!);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task ATopQuantileOutsideZeroToOne_Is400NamingTop(string top)
    {
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1, space: Space));

        using var response = await Api.Http.GetAsync($"/api/searches/{id}/importance?top={Uri.EscapeDataString(top)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Api.ReadJsonAsync(response);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("top"), problem.ToJsonString());
    }

    [Fact]
    public async Task UnknownSearch_Is404Problem()
    {
        using var response = await Api.Http.GetAsync($"/api/searches/{Guid.NewGuid()}/importance");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}

public sealed class SqliteImportanceTests : ImportanceTests;

public sealed class PostgresImportanceTests : ImportanceTests
{
    protected override bool UsePostgres => true;
}
