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
}
