using Microsoft.Playwright;

namespace HyperSearch.Browser.Tests;

/// <summary>Runs a test body in a fresh browser page, failing on page errors, with screenshots in artifacts/screenshots.</summary>
internal static class BrowserPages
{
    /// <summary>A new context (1400 × 1000) on the fixture's server; a failure screenshot is saved as <c>{name}-failure.png</c>.</summary>
    public static async Task RunAsync(BrowserFixture fixture, string name, Func<IPage, Task> body)
    {
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fixture.Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        page.Console += (_, m) =>
        {
            // 400s from the validation test are expected; anything else logged as an error is a bug.
            if (m.Type == "error" && !m.Text.Contains("status of 400", StringComparison.Ordinal))
            {
                errors.Add($"{m.Text} ({m.Location})");
            }
        };
        try
        {
            await body(page);
        }
        catch
        {
            await ScreenshotAsync(page, name + "-failure");
            throw;
        }

        Assert.True(errors.Count == 0, "The page logged errors:\n" + string.Join("\n", errors));
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
        }
        catch (PlaywrightException)
        {
            // A screenshot is an artifact, not the test.
        }
    }
}
