using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HyperSearch.Browser.Tests;

/// <summary>
/// The dashboard in Chromium against a real Kestrel server: tiny spiral searches (4 trials × 20
/// epochs, one hidden layer of 32) finish in seconds. Full-page screenshots go to artifacts/screenshots.
/// </summary>
public sealed partial class DashboardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Slow = 90_000;

    [Fact]
    public Task StartSearchFromForm_TrialsComplete_CurvesAndSanityChecksShow() => WithPageAsync("search", async page =>
    {
        await page.GotoAsync("/#/searches/new");
        await Expect(page.GetByTestId("input-dataset.name")).ToHaveAttributeAsync("data-loaded", "true");
        await page.GetByTestId("input-name").FillAsync("browser spiral search");
        await page.GetByTestId("input-dataset.name").SelectOptionAsync("spiral");
        await page.GetByTestId("input-strategy").SelectOptionAsync("random");
        await page.GetByTestId("input-trials").FillAsync("4");
        await page.GetByTestId("input-epochs").FillAsync("20");
        await page.GetByTestId("input-seed").FillAsync("7");
        await page.GetByTestId("input-space.learningRate.min").FillAsync("1e-2");
        await page.GetByTestId("input-space.learningRate.max").FillAsync("0.5");
        await page.GetByTestId("input-space.regularization.min").FillAsync("1e-5");
        await page.GetByTestId("input-space.regularization.max").FillAsync("1e-2");
        await page.GetByTestId("input-space.hiddenLayers").FillAsync("32");
        await page.GetByTestId("check-space.activation-tanh").CheckAsync();
        await Expect(page.GetByTestId("input-sanityChecks")).ToBeCheckedAsync();
        await Expect(page.GetByTestId("spec-json")).ToHaveValueAsync(new Regex("\"trials\": 4"));
        await ScreenshotAsync(page, "search-form");

        await page.GetByTestId("submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(GuidRoute("searches"));
        await Expect(page.GetByTestId("search-name")).ToContainTextAsync("browser spiral search");

        // Trials appear in the table, then all four finish and the search completes.
        var rows = page.GetByTestId("trial-row");
        await Expect(rows).ToHaveCountAsync(4, new() { Timeout = Slow });
        for (var i = 0; i < 4; i++)
        {
            await Expect(rows.Nth(i).GetByTestId("trial-status")).ToHaveTextAsync(new Regex("^(completed|diverged)$"), new() { Timeout = Slow });
        }

        await Expect(page.GetByTestId("search-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });
        await Expect(page.GetByTestId("best-accuracy")).ToHaveTextAsync(new Regex(@"^\d+\.\d%$"));
        await Expect(page.GetByTestId("test-accuracy")).ToHaveTextAsync(new Regex(@"^\d+\.\d%$"), new() { Timeout = Slow });

        // The sanity checks ran before stage 1.
        await Expect(page.GetByTestId("sanity-initial-loss").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sanity-initial-loss").First).ToContainTextAsync("expected ln C");
        await Expect(page.GetByTestId("sanity-overfit").First).ToContainTextAsync("training accuracy");
        await Expect(page.GetByTestId("sanity-overall")).ToHaveTextAsync(new Regex("passed|failed"));

        // Scatter plots are drawn from the trials.
        await Expect(page.GetByTestId("chart-lr-reg")).ToHaveAttributeAsync("data-points", NonZero());
        await Expect(page.GetByTestId("chart-train-val")).ToHaveAttributeAsync("data-points", NonZero());

        // Which parameters mattered (one stage's shares sum to 1), and each finished trial as a line across
        // its varied parameters, ending at its validation accuracy.
        await Expect(page.GetByTestId("chart-importance")).ToHaveAttributeAsync("data-points", NonZero());
        await Expect(page.GetByTestId("chart-parallel")).ToHaveAttributeAsync("data-points", NonZero());
        var shares = await page.EvaluateAsync<double>("() => Chart.getChart(document.querySelector('[data-testid=chart-importance]')).data.datasets[0].data.reduce((a, b) => a + (b ?? 0), 0)");
        Assert.Equal(1.0, shares, 6);
        var axes = await page.EvaluateAsync<string[]>("() => Chart.getChart(document.querySelector('[data-testid=chart-parallel]')).data.labels");
        Assert.Contains("learningRate", axes);
        Assert.Contains("regularization", axes);
        Assert.Equal("validation accuracy", axes[^1]);
        var drawn = await page.EvaluateAsync<int>("() => Chart.getChart(document.querySelector('[data-testid=chart-parallel]')).getDatasetMeta(0).data.filter(p => Number.isFinite(p.x) && Number.isFinite(p.y)).length");
        Assert.Equal(axes.Length, drawn); // every axis of the first line has a point on the canvas

        // Sort by validation accuracy (best first), then plot the two best trials' learning curves.
        await page.GetByTestId("sort-validationAccuracy").ClickAsync();
        await Expect(page.Locator("th[aria-sort=descending]")).ToContainTextAsync("Val. acc.");
        await Expect(rows.First.GetByTestId("trial-status")).ToHaveTextAsync("completed");
        await rows.Nth(0).GetByTestId("trial-select").CheckAsync();
        await rows.Nth(1).GetByTestId("trial-select").CheckAsync();
        await Expect(page.GetByTestId("selected-trial")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("chart-loss")).ToHaveAttributeAsync("data-points", "40");
        await Expect(page.GetByTestId("chart-accuracy")).ToHaveAttributeAsync("data-points", "40");
        var datasets = await page.EvaluateAsync<int>("() => Chart.getChart(document.querySelector('[data-testid=chart-loss]')).data.datasets.length");
        Assert.Equal(4, datasets); // train and validation loss for each of the two trials

        // The focused trial's per-layer diagnostics (one hidden layer).
        await Expect(page.GetByTestId("diagnostics-table").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("chart-diagnostics")).ToHaveAttributeAsync("data-points", "1");

        // Filters are applied by the server.
        await page.GetByTestId("filter-status").SelectOptionAsync("running");
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("page-info")).ToHaveTextAsync("trials 0–0 of 0");
        await page.GetByTestId("filter-status").SelectOptionAsync("");
        await Expect(rows).ToHaveCountAsync(4);

        await ScreenshotAsync(page, "search");
    });

    [Fact]
    public Task StartComparisonFromForm_ShowsBothBestSoFarCurvesAndEffortCharts() => WithPageAsync("comparison", async page =>
    {
        await page.GotoAsync("/#/comparisons/new");
        await Expect(page.GetByTestId("input-dataset.name")).ToHaveAttributeAsync("data-loaded", "true");
        await Expect(page.GetByTestId("input-strategy")).ToHaveCountAsync(0);
        await page.GetByTestId("input-name").FillAsync("browser comparison");
        await page.GetByTestId("input-dataset.name").SelectOptionAsync("spiral");
        await page.GetByTestId("input-budget").FillAsync("4");
        await page.GetByTestId("input-epochs").FillAsync("20");
        await page.GetByTestId("input-seed").FillAsync("3");
        await page.GetByTestId("input-space.learningRate.min").FillAsync("1e-2");
        await page.GetByTestId("input-space.learningRate.max").FillAsync("0.5");
        await page.GetByTestId("input-space.hiddenLayers").FillAsync("32");
        await Expect(page.GetByTestId("spec-json")).ToHaveValueAsync(new Regex("\"budget\": 4"));
        await page.GetByTestId("submit").ClickAsync();

        await Expect(page).ToHaveURLAsync(GuidRoute("comparisons"));
        await Expect(page.GetByTestId("comparison-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });
        await Expect(page.GetByTestId("best-random")).ToHaveTextAsync(new Regex(@"^\d+\.\d%$"));
        await Expect(page.GetByTestId("best-grid")).ToHaveTextAsync(new Regex(@"^\d+\.\d%$"));
        await Expect(page.GetByTestId("chart-best-so-far")).ToHaveAttributeAsync("data-points", "4");

        // Both curves (random and grid) are on the chart, each with four points.
        var curves = await page.EvaluateAsync<JsonElement>("""
            () => Chart.getChart(document.querySelector('[data-testid=chart-best-so-far]')).data.datasets
                    .map(d => ({ label: d.label, points: d.data.filter(p => p.y !== null).length }))
            """);
        Assert.Equal(2, curves.GetArrayLength());
        Assert.Equal("random", curves[0].GetProperty("label").GetString());
        Assert.Equal("grid", curves[1].GetProperty("label").GetString());
        Assert.Equal(4, curves[0].GetProperty("points").GetInt32());
        Assert.Equal(4, curves[1].GetProperty("points").GetInt32());

        // Distinct values: random tried 4 learning rates, the 2 × 2 grid tried 2.
        var lrRow = page.GetByTestId("distinct-table").Locator("tr", new() { HasText = "learningRate" });
        await Expect(lrRow.Locator("td").Nth(0)).ToHaveTextAsync("4");
        await Expect(lrRow.Locator("td").Nth(1)).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("link-random")).ToHaveAttributeAsync("href", new Regex("^#/searches/"));
        await Expect(page.GetByTestId("link-grid")).ToHaveAttributeAsync("href", new Regex("^#/searches/"));

        // Two arms as before, plus the effort charts with one line each.
        await Expect(page.GetByTestId("summary-table").Locator("tbody tr")).ToHaveCountAsync(2);
        var comparison = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/comparisons/{page.Url[^36..]}");
        await Expect(page.GetByTestId("epochs-random")).ToHaveTextAsync(comparison.GetProperty("arms")[0].GetProperty("epochsSpent").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var chart in new[] { "chart-best-by-epochs", "chart-best-by-seconds" })
        {
            var labels = await page.EvaluateAsync<string[]>($"() => Chart.getChart(document.querySelector('[data-testid={chart}]')).data.datasets.map(d => d.label)");
            Assert.Equal(["random", "grid"], labels);
            await Expect(page.GetByTestId(chart)).ToHaveAttributeAsync("data-points", "8");
        }

        await ScreenshotAsync(page, "comparison");
    });

    [Fact]
    public Task FormError_IsShownNextToItsField() => WithPageAsync("form-error", async page =>
    {
        await page.GotoAsync("/#/searches/new");
        await Expect(page.GetByTestId("input-dataset.name")).ToHaveAttributeAsync("data-loaded", "true");
        await Expect(page.GetByTestId("input-gridPoints")).ToBeHiddenAsync();
        await page.GetByTestId("input-strategy").SelectOptionAsync("grid");
        await Expect(page.GetByTestId("input-trials")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("input-gridPoints")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("spec-json")).ToHaveValueAsync(new Regex("\"gridPoints\": 3"));
        await page.GetByTestId("input-strategy").SelectOptionAsync("random");
        await page.GetByTestId("input-space.learningRate.min").FillAsync("1");
        await page.GetByTestId("input-space.learningRate.max").FillAsync("0.1");
        await page.GetByTestId("submit").ClickAsync();

        // The API's message for space.learningRate.min sits in the learning-rate group, right under the min input.
        var error = page.GetByTestId("group-space.learningRate").GetByTestId("error-space.learningRate.min");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("min (1) must be less than max (0.1)");
        await Expect(page.GetByTestId("input-space.learningRate.min")).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await page.GetByTestId("input-space.learningRate.min").GetAttributeAsync("aria-describedby");
        Assert.Contains(await error.GetAttributeAsync("id") ?? "?", describedBy ?? "", StringComparison.Ordinal);
        await Expect(page.GetByTestId("error-space.regularization.min")).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/searches/new$"));
        await ScreenshotAsync(page, "form-error");

        // A field the form does not have (sent through the advanced JSON box) goes to the general error box.
        await page.Locator("details summary").ClickAsync();
        await page.GetByTestId("spec-json").FillAsync("""{ "name": "x", "dataset": { "name": "spiral" }, "colour": "blue" }""");
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page.GetByTestId("form-errors")).ToContainTextAsync("Unknown field 'colour'");
        await Expect(page.GetByTestId("error-space.learningRate.min")).ToBeHiddenAsync();
    });

    [Fact]
    public Task SearchesList_ShowsSearchWithStatus() => WithPageAsync("searches", async page =>
    {
        var name = "listed search " + Guid.NewGuid().ToString("N")[..6];
        using var response = await fixture.Http.PostAsync("/api/searches", JsonContent.Create(new
        {
            name,
            seed = 11,
            dataset = new { name = "spiral" },
            strategy = "random",
            trials = 4,
            epochs = 20,
            sanityChecks = false,
            space = new { learningRate = new { min = 1e-2, max = 0.5, scale = "log" }, hiddenLayers = new[] { 32 } },
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);

        await page.GotoAsync("/");
        var row = page.GetByTestId("search-row").Filter(new() { HasText = name });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.GetByTestId("status")).ToHaveTextAsync(new Regex("^(queued|running|completed)$"));
        await Expect(row.GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });
        await Expect(row.GetByTestId("progress")).ToHaveTextAsync("4 / 4");
        await Expect(row).ToContainTextAsync("random");
        await Expect(row).ToContainTextAsync("%");

        await Expect(page.GetByTestId("nav-hangfire")).ToHaveAttributeAsync("href", "/hangfire");
        await Expect(page.GetByTestId("nav-api-docs")).ToHaveAttributeAsync("href", "/scalar");
        await ScreenshotAsync(page, "searches");

        await row.GetByTestId("search-link").ClickAsync();
        await Expect(page.GetByTestId("search-name")).ToContainTextAsync(name);
        await Expect(page.GetByTestId("sanity")).ToContainTextAsync("turned off");

        var hangfire = await page.GotoAsync("/hangfire");
        Assert.Equal(200, hangfire?.Status);
    });

    private Task WithPageAsync(string name, Func<IPage, Task> body) => BrowserPages.RunAsync(fixture, name, body);

    private static Task ScreenshotAsync(IPage page, string name) => BrowserPages.ScreenshotAsync(page, name);

    private static Regex GuidRoute(string kind) => new($"#/{kind}/[0-9a-f-]{{36}}$");

    [GeneratedRegex("^[1-9][0-9]*$")]
    private static partial Regex NonZero();
}
