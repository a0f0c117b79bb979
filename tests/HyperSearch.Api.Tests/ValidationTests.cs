using System.Net;

namespace HyperSearch.Api.Tests;

/// <summary>Bad input gets a 400 problem-details response naming the field, and nothing is stored.</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private readonly HyperSearchApp _app = new(settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" });
    private Api _api = null!;

    public Task InitializeAsync()
    {
        _api = new Api(_app.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("{ \"name\": ", "body")]
    [InlineData("[1, 2]", "body")]
    [InlineData("{ \"dataset\": { \"name\": \"spiral\" }, \"space\": { \"learningRat\": 0.1 } }", "space.learningRat")]
    [InlineData("{ \"dataset\": { \"name\": \"spiral\" }, \"space\": { \"activation\": { \"values\": [\"relu\", \"swish\"] } } }", "space.activation")]
    [InlineData("{ \"dataset\": { \"name\": \"spiral\" }, \"space\": { \"learningRate\": { \"min\": 0.1, \"max\": 0.01 } } }", "space.learningRate")]
    [InlineData("{ \"dataset\": { \"name\": \"spiral\" }, \"space\": { \"regularization\": { \"min\": 0, \"max\": 0.1, \"scale\": \"log\" } } }", "space.regularization")]
    [InlineData("{ \"dataset\": { \"name\": \"no-such-data\" } }", "dataset.name")]
    [InlineData("{ \"space\": {} }", "dataset")]
    [InlineData("{ \"dataset\": { \"name\": \"spiral\", \"split\": \"sideways\" } }", "dataset.split")]
    [InlineData("{ \"dataset\": { \"name\": \"spiral\", \"preprocessing\": \"whiten\" } }", "dataset.preprocessing")]
    [InlineData("{ \"dataset\": \"spiral\", \"strategy\": \"bayes\" }", "strategy")]
    [InlineData("{ \"dataset\": \"spiral\", \"trials\": 0 }", "trials")]
    [InlineData("{ \"dataset\": \"spiral\", \"trials\": 1000000 }", "trials")]
    [InlineData("{ \"dataset\": \"spiral\", \"epochs\": 100000 }", "epochs")]
    [InlineData("{ \"dataset\": \"spiral\", \"colour\": \"blue\" }", "colour")]
    [InlineData("{ \"dataset\": { \"name\": \"spiral\", \"trainSize\": 5000 } }", "dataset")]
    [InlineData("{ \"dataset\": \"spiral\", \"space\": { \"hiddenLayers\": { \"values\": [[100000]] } } }", "space.hiddenLayers")]
    [InlineData("{ \"dataset\": \"spiral\", \"strategy\": \"grid\", \"gridPoints\": 100, \"space\": { \"learningRate\": { \"min\": 0.001, \"max\": 1, \"scale\": \"log\" }, \"regularization\": { \"min\": 1e-6, \"max\": 1, \"scale\": \"log\" }, \"dropout\": { \"min\": 0, \"max\": 0.5 } } }", "gridPoints")]
    public async Task BadSpec_Is400_NamingTheField_AndStoresNothing(string body, string field)
    {
        var before = await _api.SearchCountAsync();

        var (status, problem, response) = await _api.PostAsync("/api/searches", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(400, problem!["status"]!.GetValue<int>());
        var errors = problem["errors"]!.AsObject();
        // The most specific path names the field: "space.learningRate.min", "space.activation.values[1]".
        var key = errors.Select(e => e.Key).FirstOrDefault(k => k == field || k.StartsWith(field + ".", StringComparison.Ordinal) || k.StartsWith(field + "[", StringComparison.Ordinal));
        Assert.True(key is not null, $"expected an error for '{field}', got {errors.ToJsonString()}");
        Assert.False(string.IsNullOrWhiteSpace(errors[key]![0]!.GetValue<string>()));
        Assert.Equal(before, await _api.SearchCountAsync());
    }

    [Fact]
    public async Task OversizeBody_Is400()
    {
        var huge = "{ \"name\": \"" + new string('x', 300_000) + "\" }";

        var (status, problem, _) = await _api.PostAsync("/api/searches", huge);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem!["errors"]!["body"]);
    }

    [Fact]
    public async Task BadComparison_Is400_NamingTheField()
    {
        var (status, problem, _) = await _api.PostAsync("/api/comparisons", "{ \"dataset\": \"spiral\", \"strategy\": \"grid\", \"budget\": 4 }");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem!["errors"]!["strategy"]);
    }

    [Theory]
    [InlineData("/api/searches/00000000-0000-0000-0000-000000000001")]
    [InlineData("/api/searches/00000000-0000-0000-0000-000000000001/trials")]
    [InlineData("/api/trials/00000000-0000-0000-0000-000000000001")]
    [InlineData("/api/comparisons/00000000-0000-0000-0000-000000000001")]
    public async Task UnknownId_Is404ProblemDetails(string path)
    {
        var response = await _api.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task BadTrialQuery_Is400_NamingTheParameter()
    {
        var id = await _api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1));

        var response = await _api.Http.GetAsync($"/api/searches/{id}/trials?sort=colour");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await Api.ReadJsonAsync(response))["errors"]!["sort"]);
    }

    [Theory]
    [InlineData("limit=1000?stage=1", "limit")]
    [InlineData("offset=abc", "offset")]
    [InlineData("stage=1.5", "stage")]
    [InlineData("overfit=maybe", "overfit")]
    [InlineData("limit=99999999999", "limit")]
    public async Task MalformedTrialQueryValue_Is400Problem_NamingTheParameter_Not500(string query, string parameter)
    {
        var id = await _api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1));

        var response = await _api.Http.GetAsync($"/api/searches/{id}/trials?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(parameter, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidSearch_Is201_WithLocation_AndQueuedTrials()
    {
        var (status, body, response) = await _api.PostAsync("/api/searches", Specs.Random(trials: 3, epochs: 2));

        Assert.Equal(HttpStatusCode.Created, status);
        var id = body!["id"]!.GetValue<string>();
        Assert.Equal($"/api/searches/{id}", response.Headers.Location!.ToString());
        Assert.Equal("queued", body["status"]!.GetValue<string>());
        Assert.Equal(3, body["progress"]!["total"]!.GetValue<int>());
        var trials = await _api.TrialsAsync(id);
        Assert.All(trials, t => Assert.Equal("queued", t!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DeletingAnUploadAQueuedSearchUses_Is409_AndKeepsIt()
    {
        var csv = "a,label\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{i % 2}"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("busy"), "name" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "busy.csv" },
        };
        Assert.Equal(HttpStatusCode.Created, (await _api.Http.PostAsync("/api/datasets", form)).StatusCode);
        await _api.CreateSearchAsync("{ \"dataset\": \"busy\", \"trials\": 1, \"sanityChecks\": false }");

        var response = await _api.Http.DeleteAsync("/api/datasets/busy");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains((await _api.GetAsync("/api/datasets")).AsArray(), d => d!["name"]!.GetValue<string>() == "busy");
    }
}
