using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace HyperSearch.Browser.Tests;

/// <summary>
/// Babysitting in the dashboard (issue #17): a real search with a trial at lr 10 and one at 0.05 — the table's
/// Diagnosis column and label filter, the focused trial's diagnosis with its evidence, its network's sanity
/// checks, and the per-layer activation histograms at initialisation (epoch 0) and after an epoch.
/// </summary>
public sealed class DiagnosisDashboardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const float Slow = 90_000;

    [Fact]
    public Task LabelsFilterAndHistograms() => BrowserPages.RunAsync(fixture, "diagnosis", async page =>
    {
        using var response = await fixture.Http.PostAsync("/api/searches", JsonContent.Create(new
        {
            name = "babysitting",
            seed = 5,
            dataset = new { name = "spiral" },
            strategy = "grid",
            epochs = 3,
            sanityChecks = "gate",
            space = new
            {
                learningRate = new { values = new[] { 10.0, 0.05 } },
                optimizer = "sgd",
                hiddenLayers = new[] { 32, 16 },
                activation = "tanh",
                weightInit = "xavier",
                batchSize = 32,
            },
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        await page.GotoAsync($"/#/searches/{id}");
        await Expect(page.GetByTestId("search-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });
        var rows = page.GetByTestId("trial-row");
        await Expect(rows).ToHaveCountAsync(2);

        // One network, checked once, behind the gate.
        await Expect(page.GetByTestId("sanity-network")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("sanity-gate")).ToHaveTextAsync("gate");

        // The diverged trial carries lr-too-high, its evidence in the tooltip; the filter keeps only it.
        var diverged = page.Locator("[data-testid=trial-row][data-status=diverged]");
        await Expect(diverged.GetByTestId("trial-label")).ToHaveTextAsync(["lr-too-high"]);
        await Expect(diverged.GetByTestId("trial-label")).ToHaveAttributeAsync("title", new Regex("^diverged: "));
        await page.GetByTestId("filter-label").SelectOptionAsync("lr-too-high");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToHaveAttributeAsync("data-status", "diverged");
        await page.GetByTestId("filter-label").SelectOptionAsync("");
        await Expect(rows).ToHaveCountAsync(2);

        // The healthy trial: two layers, so two histograms of 20 bins, first after its last epoch, then at epoch 0.
        await page.Locator("[data-testid=trial-row][data-status=completed]").GetByTestId("trial-inspect").ClickAsync();
        await Expect(page.GetByTestId("trial-sanity")).ToContainTextAsync("Network 32-16 tanh xavier: sanity checks ✓ passed");
        await Expect(page.GetByTestId("trial-diagnosis")).ToBeVisibleAsync();
        var histograms = page.GetByTestId("chart-histogram");
        await Expect(histograms).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("diagnostics-table").Locator("caption")).ToHaveTextAsync("Epoch 3");
        await Expect(histograms.First).ToHaveAttributeAsync("data-points", "20");
        await Expect(page.GetByTestId("diagnostics-table").Locator("tbody tr").First.Locator("td").Nth(6)).Not.ToHaveTextAsync("—");

        await page.GetByTestId("diagnostics-epoch").SelectOptionAsync("0");
        await Expect(page.GetByTestId("diagnostics-table").Locator("caption")).ToHaveTextAsync("Epoch 0: at initialisation, before any update");
        await Expect(histograms).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("diagnostics-table").Locator("tbody tr").First.Locator("td").Nth(6)).ToHaveTextAsync("—");
        var share = await page.EvaluateAsync<double>("() => Chart.getChart(document.querySelector('[data-testid=chart-histogram]')).data.datasets[0].data.reduce((a, b) => a + b, 0)");
        Assert.Equal(1.0, share, 6);
        var title = await page.EvaluateAsync<string>("() => Chart.getChart(document.querySelector('[data-testid=chart-histogram]')).options.plugins.title.text");
        Assert.StartsWith("layer 1 · mean ", title);

        // The diverged trial shows its diagnosis with the lecture's advice.
        await diverged.GetByTestId("trial-inspect").ClickAsync();
        await Expect(page.GetByTestId("trial-diagnosis")).ToContainTextAsync("lr-too-high diverged: ");
        await Expect(page.GetByTestId("trial-diagnosis")).ToContainTextAsync("lower the learning rate");
        await BrowserPages.ScreenshotAsync(page, "diagnosis");
    });
}
