using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HyperSearch.Browser.Tests;

/// <summary>A comparison with a third arm (random + ASHA) beside random and grid: the form's arm section and the page's arms and effort charts.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public Task ComparisonWithAshaArm_FromForm_ShowsThreeArmsAndEffortChartsPerArm() => WithPageAsync("comparison-arms", async page =>
    {
        var schema = await fixture.Http.GetFromJsonAsync<JsonElement>("/api/schema");
        await page.GotoAsync("/#/comparisons/new");
        await Expect(page.GetByTestId("input-dataset.name")).ToHaveAttributeAsync("data-loaded", "true");
        await page.GetByTestId("input-name").FillAsync("browser arms");
        await page.GetByTestId("input-dataset.name").SelectOptionAsync("spiral");
        await page.GetByTestId("input-budget").FillAsync("4");
        await page.GetByTestId("input-epochs").FillAsync("9");
        await page.GetByTestId("input-seed").FillAsync("3");
        await page.GetByTestId("input-space.learningRate.min").FillAsync("1e-3");
        await page.GetByTestId("input-space.learningRate.max").FillAsync("1");
        await page.GetByTestId("input-space.hiddenLayers").FillAsync("32");

        // No arm until one is added: the spec is a plain random-vs-grid comparison.
        await Expect(page.GetByTestId("arm-inputs")).ToBeHiddenAsync();
        Assert.False((await SpecAsync(page)).TryGetProperty("arms", out _));

        // Added: the strategies are the schema's but grid (which always runs), the scheduler starts on
        // ASHA, and its max epochs are the comparison's epochs.
        await page.GetByTestId("add-arm").ClickAsync();
        await Expect(page.GetByTestId("arm-inputs")).ToBeVisibleAsync();
        var strategies = schema.GetProperty("strategies").EnumerateArray().Select(v => v.GetString()!).Where(s => s != "grid").ToArray();
        Assert.Equal(strategies, await page.GetByTestId("input-arms[0].strategy").Locator("option").AllTextContentsAsync());
        await Expect(page.GetByTestId("input-arms[0].scheduler.kind")).ToHaveValueAsync("asha");
        await Expect(page.GetByTestId("input-arms[0].scheduler.maxEpochs")).ToHaveAttributeAsync("placeholder", "= epochs (9)");
        await page.GetByTestId("input-arms[0].scheduler.reduction").FillAsync("3");
        Assert.Equal("""[{"strategy":"random","scheduler":{"kind":"asha","reduction":3}}]""", Compact((await SpecAsync(page)).GetProperty("arms")));
        await ScreenshotAsync(page, "form-comparison-arm");

        await page.GetByTestId("submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(GuidRoute("comparisons"));
        await Expect(page.GetByTestId("comparison-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });
        var comparison = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/comparisons/{page.Url[^36..]}");
        var arms = comparison.GetProperty("arms").EnumerateArray().ToList();
        Assert.Equal(["random", "grid", "random+asha"], arms.Select(a => a.GetProperty("name").GetString()));

        // One summary row per arm, with the epochs and trials the API counted.
        var rows = page.GetByTestId("summary-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3);
        string[] keys = ["random", "grid", "arm-2"];
        for (var i = 0; i < 3; i++)
        {
            var row = page.GetByTestId($"summary-{keys[i]}");
            await Expect(row).ToHaveAttributeAsync("data-arm", arms[i].GetProperty("name").GetString()!);
            await Expect(row.GetByTestId($"epochs-{keys[i]}")).ToHaveTextAsync(Text(arms[i].GetProperty("epochsSpent").GetInt32()));
            await Expect(row.GetByTestId($"trials-{keys[i]}")).ToHaveTextAsync(Text(arms[i].GetProperty("trials").GetInt32()));
            await Expect(row.GetByTestId($"best-{keys[i]}")).ToHaveTextAsync(new Regex(@"^\d+\.\d%$"));
        }

        await Expect(page.GetByTestId("lesson")).ToContainTextAsync("random+asha");
        Assert.True(arms[2].GetProperty("trials").GetInt32() > 4, "the ASHA arm starts more configurations than random's 4 with the same epochs");

        // Both effort charts: one line per arm, each with the arm's bestByEffort points; on the epochs
        // chart the last point of each line is the epochs the arm spent.
        foreach (var (chart, axis) in new[] { ("chart-best-by-epochs", "epochs"), ("chart-best-by-seconds", "seconds") })
        {
            var lines = await page.EvaluateAsync<JsonElement>($$"""
                () => Chart.getChart(document.querySelector('[data-testid={{chart}}]')).data.datasets
                        .map(d => ({ label: d.label, xs: d.data.map(p => p.x), ys: d.data.map(p => p.y) }))
                """);
            Assert.Equal(3, lines.GetArrayLength());
            for (var i = 0; i < 3; i++)
            {
                var effort = arms[i].GetProperty("bestByEffort").EnumerateArray().ToList();
                Assert.Equal(arms[i].GetProperty("name").GetString(), lines[i].GetProperty("label").GetString());
                Assert.Equal(effort.Select(p => p.GetProperty(axis).GetDouble()), lines[i].GetProperty("xs").EnumerateArray().Select(x => x.GetDouble()));
                Assert.Equal(effort.Select(p => Nullable(p.GetProperty("bestSoFar"))), lines[i].GetProperty("ys").EnumerateArray().Select(Nullable));
                if (axis == "epochs")
                {
                    Assert.Equal(arms[i].GetProperty("epochsSpent").GetInt32(), lines[i].GetProperty("xs").EnumerateArray().Last().GetInt32());
                }
            }

            await Expect(page.GetByTestId(chart)).ToHaveAttributeAsync("data-points", Text(arms.Sum(a => a.GetProperty("bestByEffort").GetArrayLength())));
        }

        // The per-trial chart and the distinct-values table have every arm too.
        var perTrial = await page.EvaluateAsync<string[]>("() => Chart.getChart(document.querySelector('[data-testid=chart-best-so-far]')).data.datasets.map(d => d.label)");
        Assert.Equal(["random", "grid", "random+asha"], perTrial);
        await Expect(page.GetByTestId("distinct-table").Locator("thead th")).ToHaveTextAsync(["Parameter", "Random", "Grid", "Random+asha"]);
        var lrRow = page.GetByTestId("distinct-table").Locator("tr", new() { HasText = "learningRate" });
        await Expect(lrRow.Locator("td").Nth(2)).ToHaveTextAsync(Text(arms[2].GetProperty("distinctValues").GetProperty("learningRate").GetInt32()));
        await ScreenshotAsync(page, "comparison-arms");
    });

    [Fact]
    public Task ComparisonArmErrors_AreShownNextToTheArmsInputs() => WithPageAsync("form-arm-error", async page =>
    {
        await page.GotoAsync("/#/comparisons/new");
        await Expect(page.GetByTestId("input-dataset.name")).ToHaveAttributeAsync("data-loaded", "true");
        await page.GetByTestId("input-budget").FillAsync("4");
        await page.GetByTestId("input-epochs").FillAsync("9");
        await page.GetByTestId("add-arm").ClickAsync();

        // The arm's own scheduler: reduction 1 gets the API's arms[0].scheduler.reduction message under that input.
        await page.GetByTestId("input-arms[0].scheduler.reduction").FillAsync("1");
        await page.GetByTestId("submit").ClickAsync();
        var reduction = page.GetByTestId("group-arms[0].scheduler").GetByTestId("error-arms[0].scheduler.reduction");
        await Expect(reduction).ToContainTextAsync("reduction must be between 2 and 100 (got 1)");
        await Expect(page.GetByTestId("input-arms[0].scheduler.reduction")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByTestId("error-scheduler.reduction")).ToBeHiddenAsync(); // not the comparison's own scheduler
        await page.GetByTestId("input-arms[0].scheduler.reduction").FillAsync("");

        // The strategy list has no grid, so send one through the advanced JSON: the API's arms[0].strategy
        // message lands under the arm's strategy input, not in the general box.
        var json = (await page.GetByTestId("spec-json").InputValueAsync()).Replace("\"strategy\": \"random\"", "\"strategy\": \"grid\"", StringComparison.Ordinal);
        Assert.Contains("\"strategy\": \"grid\"", json, StringComparison.Ordinal);
        await page.Locator("details summary").ClickAsync();
        await page.GetByTestId("spec-json").FillAsync(json);
        await page.GetByTestId("submit").ClickAsync();
        var strategy = page.GetByTestId("group-arms").GetByTestId("error-arms[0].strategy");
        await Expect(strategy).ToBeVisibleAsync();
        await Expect(strategy).ToContainTextAsync("grid already runs");
        await Expect(page.GetByTestId("input-arms[0].strategy")).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await page.GetByTestId("input-arms[0].strategy").GetAttributeAsync("aria-describedby");
        Assert.Contains(await strategy.GetAttributeAsync("id") ?? "?", describedBy ?? "", StringComparison.Ordinal);
        await Expect(reduction).ToBeHiddenAsync();
        await Expect(page.GetByTestId("form-errors")).ToContainTextAsync("Please correct the highlighted fields.");
        await Expect(page).ToHaveURLAsync(new Regex("#/comparisons/new$"));
        await ScreenshotAsync(page, "form-arm-error");
    });

    // bestSoFar is null until an arm's first trial with an accuracy (one that diverged has none).
    private static double? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();
}
