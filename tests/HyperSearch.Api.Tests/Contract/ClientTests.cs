using HyperSearch.Client;
using HyperSearch.Client.Api.Searches.Item.Trials.Export;
using HyperSearch.Client.Models;

namespace HyperSearch.Api.Tests.Contract;

/// <summary>The generated client (src/HyperSearch.Client) against the real API host: what a user who consumes /openapi/v1.json gets.</summary>
public sealed class ClientTests : IAsyncLifetime
{
    private HyperSearchApp _app = null!;
    private HyperSearchConnection _connection = null!;
    private HyperSearchApiClient _client = null!;

    public Task InitializeAsync()
    {
        _app = new HyperSearchApp();
        _connection = HyperSearchConnection.Create(_app.Server.BaseAddress, http: _app.CreateClient());
        _client = _connection.Client;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Client_SubmitsASpecFile_FollowsTheSearch_AndReadsTrialsDetailsAndExport()
    {
        // A spec as a user writes it (a JSON file), sent through the generated request builder.
        var created = await _connection.SubmitSearchAsync(Specs.Random(trials: 2, epochs: 3));

        Assert.NotNull(created.Id);
        var id = created.Id!.Value;
        var search = await Eventually.WaitAsync(
            () => _client.Api.Searches[id].GetAsync(),
            s => s!.Status is SearchStatus.Completed or SearchStatus.Failed,
            TimeSpan.FromMinutes(2),
            "the search to complete");
        Assert.Equal(SearchStatus.Completed, search!.Status);
        Assert.Equal(2, search.Progress!.Completed);
        Assert.IsType<NoScheduler>(search.Stages![0].Scheduler);
        Assert.Equal(SearchResponse_strategy.Random, search.Strategy);

        var trials = await _client.Api.Searches[id].Trials.GetAsync(c => c.QueryParameters.Sort = HyperSearch.Client.Api.Searches.Item.Trials.GetSortQueryParameterType.ValidationAccuracy);
        Assert.Equal(2, trials!.Total);
        Assert.All(trials.Items!, t => Assert.InRange(t.ValidationAccuracy!.Value, 0, 1));
        Assert.Equal(64, trials.Items![0].Hyperparameters!.BatchSize);

        var detail = await _client.Api.Trials[trials.Items[0].Id!.Value].GetAsync();
        Assert.Equal(3, detail!.Epochs!.Count);
        Assert.All(detail.Epochs, e => Assert.NotNull(e.TrainLoss));

        await using var csv = await _client.Api.Searches[id].Trials.Export.GetAsync(c => c.QueryParameters.Format = GetFormatQueryParameterType.Csv);
        using var reader = new StreamReader(csv!);
        Assert.StartsWith("id,stage,index,status", await reader.ReadLineAsync(), StringComparison.Ordinal);

        var page = await _client.Api.Searches.GetAsync(c => c.QueryParameters.Limit = 5);
        Assert.Contains(page!.Items!, s => s.Id == id);
    }

    [Fact]
    public async Task Client_RaisesProblemDetails_ForUnknownIds_AndValidationProblems_ForBadSpecs()
    {
        var missing = await Assert.ThrowsAsync<ProblemDetails>(() => _client.Api.Searches[Guid.NewGuid()].GetAsync());
        Assert.Equal(404, missing.ResponseStatusCode);
        Assert.Equal("Search not found", missing.Title);

        var invalid = await Assert.ThrowsAsync<HttpValidationProblemDetails>(
            () => _connection.SubmitSearchAsync("""{ "dataset": "spiral", "space": { "learningRate": { "min": 0.1, "max": 0.01 } } }"""));
        Assert.Equal(400, invalid.ResponseStatusCode);
        Assert.True(invalid.Errors!.AdditionalData.ContainsKey("space.learningRate.min"));
    }
}
