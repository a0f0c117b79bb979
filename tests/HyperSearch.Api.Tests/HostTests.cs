using System.Net;

namespace HyperSearch.Api.Tests;

/// <summary>The host's basics: health, OpenAPI, Scalar, the dashboard page and the datasets list.</summary>
public sealed class HostTests : IAsyncLifetime
{
    private readonly HyperSearchApp _app = new();
    private Api _api = null!;

    public Task InitializeAsync()
    {
        _api = new Api(_app.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Health_Is200_WithStoreAndHangfire()
    {
        var health = await Eventually.WaitAsync(
            async () => await _api.Http.GetAsync("/health"),
            r => r.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(10),
            "a healthy service");

        var body = await Api.ReadJsonAsync(health);
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        Assert.Equal("embedded", body["mode"]!.GetValue<string>());
        Assert.True(body["store"]!["ok"]!.GetValue<bool>());
        Assert.True(body["hangfire"]!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task OpenApi_DescribesTheEndpoints()
    {
        var doc = await _api.GetAsync("/openapi/v1.json");

        var paths = doc["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/searches"));
        Assert.True(paths.ContainsKey("/api/searches/{id}/trials"));
        Assert.True(paths.ContainsKey("/api/comparisons"));
        Assert.True(paths.ContainsKey("/api/trials/{id}"));
        Assert.True(paths.ContainsKey("/health"));
    }

    [Fact]
    public async Task Scalar_ServesTheApiReference()
    {
        var response = await _api.Http.GetAsync("/scalar");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("HyperSearch API", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Datasets_ListsBuiltInsWithAvailability()
    {
        var list = (await _api.GetAsync("/api/datasets")).AsArray();

        var spiral = list.Single(d => d!["name"]!.GetValue<string>() == "spiral")!;
        Assert.True(spiral["available"]!.GetValue<bool>());
        Assert.Equal(3, spiral["classes"]!.GetValue<int>());
        var cifar = list.Single(d => d!["name"]!.GetValue<string>() == "cifar10")!;
        if (!cifar["available"]!.GetValue<bool>())
        {
            Assert.Contains("cifar", cifar["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task CsvUpload_IsStored_AndUsableByASearch_BadCsvIs400()
    {
        var csv = "x,y,label\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i % 7},{(i * 3) % 5},{(i % 2 == 0 ? "cat" : "dog")}"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent("pets"), "name" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "pets.csv" },
        };

        var created = await _api.Http.PostAsync("/api/datasets", form);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = (await _api.GetAsync("/api/datasets")).AsArray();
        var pets = list.Single(d => d!["name"]!.GetValue<string>() == "pets")!;
        Assert.Equal(2, pets["classes"]!.GetValue<int>());

        using var bad = new MultipartFormDataContent
        {
            { new StringContent("broken"), "name" },
            { new ByteArrayContent("x,label\n1,a\n2\n"u8.ToArray()), "file", "broken.csv" },
        };
        var rejected = await _api.Http.PostAsync("/api/datasets", bad);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var problem = await Api.ReadJsonAsync(rejected);
        Assert.Contains("line", problem["errors"]!["file"]![0]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain((await _api.GetAsync("/api/datasets")).AsArray(), d => d!["name"]!.GetValue<string>() == "broken");

        var id = await _api.CreateSearchAsync("""
            { "name": "csv", "dataset": { "name": "pets" }, "trials": 1, "epochs": 2, "sanityChecks": false, "space": { "hiddenLayers": [8] } }
            """);
        var search = await _api.WaitForSearchAsync(id, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", search["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, (await _api.Http.DeleteAsync("/api/datasets/pets")).StatusCode);
        Assert.DoesNotContain((await _api.GetAsync("/api/datasets")).AsArray(), d => d!["name"]!.GetValue<string>() == "pets");
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.DeleteAsync("/api/datasets/pets")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.Http.DeleteAsync("/api/datasets/spiral")).StatusCode);
    }

    [Fact]
    public async Task JsonResponses_AreCompressed_WhenTheClientAsks()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.AcceptEncoding.ParseAdd("gzip");

        using var response = await _api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
    }
}
