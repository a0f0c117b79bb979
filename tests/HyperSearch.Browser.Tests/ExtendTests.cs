using System.Net.Http.Json;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace HyperSearch.Browser.Tests;

/// <summary>An extended search on the dashboard: the stage table shows the added stage with its strategy and ranges.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public Task ExtendedSearch_StageTableShowsTheAddedStage_WithItsStrategyAndRanges() => WithPageAsync("search-extended", async page =>
    {
        using var response = await fixture.Http.PostAsync("/api/searches", JsonContent.Create(new
        {
            name = "extended on spiral",
            seed = 6,
            dataset = new { name = "spiral" },
            strategy = "random",
            trials = 3,
            epochs = 2,
            sanityChecks = false,
            space = new { learningRate = new { min = 1e-3, max = 1.0, scale = "log" }, hiddenLayers = new[] { 16 } },
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await page.GotoAsync($"/#/searches/{id}");
        await Expect(page.GetByTestId("search-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });

        using var extend = await fixture.Http.PostAsync($"/api/searches/{id}/stages", JsonContent.Create(new
        {
            strategy = "sobol",
            trials = 2,
            epochs = 3,
            space = new { learningRate = new { min = 1e-2, max = 0.5, scale = "log" }, hiddenLayers = new[] { 16 } },
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, extend.StatusCode);

        // The page stops polling a finished search: open it again once the added stage has run.
        for (var i = 0; i < 300; i++)
        {
            var search = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/searches/{id}");
            if (search.GetProperty("status").GetString() == "completed" && search.GetProperty("stages").GetArrayLength() == 2)
            {
                break;
            }

            await Task.Delay(300);
        }

        await page.ReloadAsync();
        await Expect(page.GetByTestId("search-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });
        var table = page.GetByTestId("stages-table");
        await Expect(table.Locator("thead")).ToContainTextAsync("Stage 2: 2 trials × 3 epochs", new() { Timeout = Slow });
        await Expect(page.GetByTestId("stage-strategy")).ToContainTextAsync("sobol (added)");
        await Expect(table.Locator("tr", new() { HasText = "learningRate" })).ToContainTextAsync("0.01");
    });
}
