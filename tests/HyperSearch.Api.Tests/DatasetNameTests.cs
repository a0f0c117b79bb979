using System.Net;
using System.Text;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Dataset names are case-insensitive everywhere (an upload is stored lower-case; "BUSY" names it
/// too), so deleting an upload that an active search trains on is refused whatever case either
/// used; and a blank dataset name is a 400 naming it.
/// </summary>
public abstract class DatasetNameTests : InputBackendTests
{
    [Theory]
    [InlineData("BUSY", "busy")]
    [InlineData("Busy", "BUSY")]
    [InlineData("busy", "Busy")]
    public async Task DeletingAnUpload_WhileASearchUsesItInAnyCase_Is409_AndKeepsIt(string searchName, string deleteName)
    {
        await UploadAsync("busy");
        var id = await Api.CreateSearchAsync($$"""{ "dataset": "{{searchName}}", "trials": 1, "sanityChecks": false }""");

        var response = await Api.Http.DeleteAsync($"/api/datasets/{deleteName}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains((await Api.GetAsync("/api/datasets")).AsArray(), d => d!["name"]!.GetValue<string>() == "busy");
        Assert.Equal("queued", (await Api.SearchAsync(id))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeletingAnUpload_InAnotherCase_DeletesIt_WhenNoSearchUsesIt()
    {
        await UploadAsync("idle");

        var response = await Api.Http.DeleteAsync("/api/datasets/IDLE");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain((await Api.GetAsync("/api/datasets")).AsArray(), d => d!["name"]!.GetValue<string>() == "idle");
    }

    [Fact]
    public async Task DeletingABuiltIn_InAnotherCase_Is400()
    {
        var response = await Api.Http.DeleteAsync("/api/datasets/SPIRAL");

        await AssertProblemNamingAsync(response, "name");
    }

    [Fact]
    public async Task UploadingANameThatDiffersOnlyInCase_IsRefused()
    {
        await UploadAsync("twice");

        var response = await PostUploadAsync("TWICE");

        await AssertProblemNamingAsync(response, "name");
    }

    [Theory]
    [InlineData("""{ "dataset": "" }""")]
    [InlineData("""{ "dataset": "   " }""")]
    [InlineData("""{ "dataset": { "name": " " } }""")]
    [InlineData("""{ "dataset": { "name": "" } }""")]
    [InlineData("""{ "dataset": { "name": "\t" }, "trials": 1 }""")]
    public async Task BlankDatasetName_Is400_NamingIt_AndStoresNothing(string body)
    {
        var before = await Api.SearchCountAsync();

        var (_, _, response) = await Api.PostAsync("/api/searches", body);

        await AssertProblemNamingAsync(response, "dataset.name");
        Assert.Equal(before, await Api.SearchCountAsync());
    }

    [Fact]
    public async Task BlankDatasetName_InAComparison_Is400_NamingIt()
    {
        var (_, _, response) = await Api.PostAsync("/api/comparisons", """{ "dataset": " ", "budget": 4 }""");

        await AssertProblemNamingAsync(response, "dataset.name");
    }

    private async Task UploadAsync(string name)
    {
        var response = await PostUploadAsync(name);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<HttpResponseMessage> PostUploadAsync(string name)
    {
        var csv = "a,label\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{i % 2}"));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", name + ".csv" },
        };
        return await Api.Http.PostAsync("/api/datasets", form);
    }
}

public sealed class SqliteDatasetNameTests : DatasetNameTests;

public sealed class PostgresDatasetNameTests : DatasetNameTests
{
    protected override bool UsePostgres => true;
}
