using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HyperSearch.Browser.Tests;

/// <summary>The dashboard with access control on (issue 13): sign in with a key, run a search, sign out.</summary>
public sealed class AuthDashboardTests(AuthBrowserFixture fixture) : IClassFixture<AuthBrowserFixture>
{
    [Fact]
    public Task SignInWithAKey_RunsASearch_ShowsTheOwner_SignOutAsksAgain() => BrowserPages.RunAsync(fixture, "auth", async page =>
    {
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();

        await page.GetByTestId("signin-key").FillAsync("hs_wrong");
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("signin-error")).ToContainTextAsync("unknown or revoked");

        await page.GetByTestId("signin-key").FillAsync(AuthBrowserFixture.AdminKey);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("auth-owner")).ToHaveTextAsync("admin (admin)");
        await Expect(page.GetByTestId("signin-form")).ToHaveCountAsync(0);

        await page.GotoAsync("/#/searches/new");
        await Expect(page.GetByTestId("input-dataset.name")).ToHaveAttributeAsync("data-loaded", "true");
        await page.GetByTestId("input-name").FillAsync("signed-in search");
        await page.GetByTestId("input-dataset.name").SelectOptionAsync("spiral");
        await page.GetByTestId("input-strategy").SelectOptionAsync("random");
        await page.GetByTestId("input-trials").FillAsync("2");
        await page.GetByTestId("input-epochs").FillAsync("5");
        await page.GetByTestId("input-space.hiddenLayers").FillAsync("32");
        await page.GetByTestId("input-sanityChecks").UncheckAsync();
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/searches/[0-9a-f-]{36}$"));
        await Expect(page.GetByTestId("search-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = 90_000 });
        await Expect(page.GetByTestId("search-owner")).ToContainTextAsync("admin");

        await page.GotoAsync("/#/");
        await Expect(page.GetByTestId("search-row").First.GetByTestId("search-owner")).ToContainTextAsync("admin");
        await BrowserPages.ScreenshotAsync(page, "auth-signed-in");

        await page.GetByTestId("signout").ClickAsync();
        await Expect(page.GetByTestId("signin-form")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hypersearch.apiKey')"));
    });

    /// <summary>
    /// The search page's downloads go through fetch with the key (a plain link would be a 401): the CSV has
    /// the export's header and a row per trial, JSON lines a line per trial, and JSON the search itself.
    /// </summary>
    [Fact]
    public Task SignedIn_DownloadCsv_JsonLines_AndJson_CarryTheKey() => BrowserPages.RunAsync(fixture, "auth-downloads", async page =>
    {
        const int trials = 3;
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/searches")
        {
            Content = JsonContent.Create(new
            {
                name = "downloads", seed = 11, dataset = "spiral", strategy = "random", trials, epochs = 2, sanityChecks = false,
                space = new { learningRate = new { min = 0.01, max = 1.0, scale = "log" }, hiddenLayers = new[] { 16 } },
            }),
        };
        submit.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AuthBrowserFixture.AdminKey);
        using var created = await fixture.Http.SendAsync(submit);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using (var anonymous = await fixture.Http.GetAsync($"/api/searches/{id}/trials.csv"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        await page.GotoAsync($"/#/searches/{id}");
        await page.GetByTestId("signin-key").FillAsync(AuthBrowserFixture.AdminKey);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Expect(page.GetByTestId("search-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = 90_000 });

        var csv = await DownloadAsync(page, "download-csv", $"search-{id}-trials.csv");
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,stage,index,status,", rows[0], StringComparison.Ordinal);
        Assert.Equal(trials + 1, rows.Length);
        Assert.All(rows.Skip(1), r => Assert.Contains(",1,", r, StringComparison.Ordinal));
        Assert.Equal(trials, rows.Skip(1).Count(r => r.Contains(",completed,", StringComparison.Ordinal)));

        var jsonLines = (await DownloadAsync(page, "download-jsonl", $"search-{id}-trials.jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(trials, jsonLines.Length);
        Assert.All(jsonLines, l => Assert.Equal(id, JsonDocument.Parse(l).RootElement.GetProperty("searchId").GetString()));

        using var search = JsonDocument.Parse(await DownloadAsync(page, "download-json", $"search-{id}.json"));
        Assert.Equal(id, search.RootElement.GetProperty("id").GetString());
        Assert.Equal("completed", search.RootElement.GetProperty("status").GetString());
        await Expect(page.GetByTestId("signin-form")).ToHaveCountAsync(0);
    });

    private static async Task<string> DownloadAsync(IPage page, string testId, string fileName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId(testId).ClickAsync());
        Assert.Equal(fileName, download.SuggestedFilename);
        Assert.Null(await download.FailureAsync());
        return await File.ReadAllTextAsync((await download.PathAsync())!);
    }
}
