using System.Net;
using System.Text;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Upload fields that could not be stored or used: a blank, whitespace-only or over-long
/// labelColumn, or a NUL in the name or labelColumn, are a 400 naming the field, and nothing is stored.
/// </summary>
public abstract class UploadHardeningTests : InputBackendTests
{
    private static readonly string Csv = "a,label\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{i % 2}"));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData("lab\0el")]
    public async Task BadLabelColumn_Is400_NamingIt_AndStoresNothing(string labelColumn)
    {
        var response = await UploadAsync("up", labelColumn);

        await AssertProblemNamingAsync(response, "labelColumn");
        await AssertNotListedAsync("up");
    }

    [Fact]
    public async Task OverlongLabelColumn_Is400_NamingIt_EvenWhenTheCsvHasThatColumn()
    {
        var label = new string('l', 201);
        var csv = $"a,{label}\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{i % 2}"));

        var response = await UploadAsync("up", label, csv);

        await AssertProblemNamingAsync(response, "labelColumn");
        await AssertNotListedAsync("up");
    }

    [Fact]
    public async Task LabelColumnOf200Characters_IsAccepted()
    {
        var label = new string('l', 200);
        var csv = $"a,{label}\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{i % 2}"));

        var response = await UploadAsync("up", label, csv);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task NoLabelColumnField_MeansTheDefault()
    {
        var response = await UploadAsync("up", labelColumn: null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("bu\0sy")]
    [InlineData("busy\0")]
    [InlineData("\0")]
    public async Task NulInName_Is400_NamingIt_AndStoresNothing(string name)
    {
        var response = await UploadAsync(name, "label");

        await AssertProblemNamingAsync(response, "name");
        await AssertNotListedAsync("busy");
        await AssertNotListedAsync("bu");
    }

    [Fact]
    public async Task RepeatedNameField_Is400_NamingIt()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("one"), "name" },
            { new StringContent("two"), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(Csv)), "file", "d.csv" },
        };

        await AssertProblemNamingAsync(await Api.Http.PostAsync("/api/datasets", form), "name");
        await AssertNotListedAsync("one,two");
    }

    private async Task<HttpResponseMessage> UploadAsync(string name, string? labelColumn, string? csv = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv ?? Csv)), "file", "d.csv" },
        };
        if (labelColumn is not null)
        {
            form.Add(new StringContent(labelColumn), "labelColumn");
        }

        return await Api.Http.PostAsync("/api/datasets", form);
    }

    private async Task AssertNotListedAsync(string name) =>
        Assert.DoesNotContain((await Api.GetAsync("/api/datasets")).AsArray(), d => d!["name"]!.GetValue<string>() == name);
}

public sealed class SqliteUploadHardeningTests : UploadHardeningTests;

public sealed class PostgresUploadHardeningTests : UploadHardeningTests
{
    protected override bool UsePostgres => true;
}
