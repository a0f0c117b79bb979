using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using HyperSearch.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HyperSearch.Browser.Tests;

/// <summary>
/// A search with 10,000 trials stays usable: the trial table pages and sorts on the server and both
/// scatter plots draw every trial (from <c>/points</c>). Nothing trains (RunWorkers = false): the
/// test writes made-up results through the server's store, as a worker would. Functional checks
/// only, no timing assertions.
/// </summary>
public sealed class TenThousandTrialsTests(IdleBrowserFixture fixture) : IClassFixture<IdleBrowserFixture>
{
    private const int Trials = 10_000;
    private const double OverfitGap = 0.1;
    private const string Total = "10000";

    [Fact]
    public Task SearchWith10000Trials_TablePagesAndSorts_ScattersPlotEveryTrial() => BrowserPages.RunAsync(fixture, "search-10000-trials", async page =>
    {
        using var response = await fixture.Http.PostAsync("/api/searches", JsonContent.Create(new
        {
            name = "10,000 random trials",
            seed = 5,
            dataset = "spiral",
            strategy = "random",
            trials = Trials,
            epochs = 1,
            sanityChecks = false,
            overfitGap = OverfitGap,
            space = new
            {
                learningRate = new { min = 1e-4, max = 1.0, scale = "log" },
                regularization = new { min = 1e-6, max = 1e-1, scale = "log" },
            },
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // All 10,000 queued: the table shows its first page, the charts exist and are empty.
        await page.GotoAsync($"/#/searches/{id}");
        var progress = page.Locator(".cards").GetByTestId("progress");
        await Expect(progress).ToHaveTextAsync($"0 / {Total}");
        var rows = page.GetByTestId("trial-row");
        var pageInfo = page.GetByTestId("page-info");
        await Expect(rows).ToHaveCountAsync(50);
        await Expect(pageInfo).ToHaveTextAsync($"trials 1–50 of {Total}");
        await Expect(page.GetByTestId("chart-lr-reg")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("chart-train-val")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("chart-lr-reg")).ToHaveAttributeAsync("data-points", "0");

        // Every trial finishes (made-up results) while the page polls.
        var (completed, best, bestIndex) = await FinishEveryTrialAsync(Guid.Parse(id));
        await Expect(progress).ToHaveTextAsync($"{Total} / {Total}", new() { Timeout = 120_000 });

        // Both scatter plots show every finished trial: 10,000 on lr × λ (diverged ones as crosses),
        // the completed ones on train vs validation.
        await Expect(page.GetByTestId("chart-lr-reg")).ToHaveAttributeAsync("data-points", Total, new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("chart-train-val")).ToHaveAttributeAsync("data-points", completed.ToString(CultureInfo.InvariantCulture), new() { Timeout = 60_000 });
        var plotted = await page.EvaluateAsync<int[]>("""
            () => ['chart-lr-reg', 'chart-train-val'].map(t => Chart.getChart(document.querySelector(`[data-testid=${t}]`))
                    .data.datasets.filter(d => d.type !== 'line').reduce((n, d) => n + d.data.length, 0))
            """);
        Assert.Equal(new[] { Trials, completed }, plotted);
        await Expect(page.GetByTestId("best-accuracy")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d%$"));

        // Paging: the next page is the next 50 trials by index, and back.
        await page.GetByTestId("page-next").ClickAsync();
        await Expect(pageInfo).ToHaveTextAsync($"trials 51–100 of {Total}");
        await Expect(rows.First).ToHaveAttributeAsync("data-index", "50");
        await Expect(rows).ToHaveCountAsync(50);
        await page.GetByTestId("page-prev").ClickAsync();
        await Expect(pageInfo).ToHaveTextAsync($"trials 1–50 of {Total}");
        await Expect(rows.First).ToHaveAttributeAsync("data-index", "0");

        // Sorting by validation accuracy (best first) is done by the server over all 10,000 trials.
        await page.GetByTestId("sort-validationAccuracy").ClickAsync();
        await Expect(page.Locator("th[aria-sort=descending]")).ToContainTextAsync("Val. acc.");
        await Expect(rows.First).ToHaveAttributeAsync("data-trial-id", best.ToString());
        await Expect(pageInfo).ToHaveTextAsync($"trials 1–50 of {Total}");
        var shown = await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.children[9].textContent)");
        var accuracies = shown.Select(s => double.Parse(s.TrimEnd('%'), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(accuracies.OrderByDescending(a => a), accuracies);
        await page.GetByTestId("page-next").ClickAsync();
        await Expect(pageInfo).ToHaveTextAsync($"trials 51–100 of {Total}");

        // A click on the best (top-most, brightest) dot opens that trial.
        var dot = await page.EvaluateAsync<double[]>("""
            () => { const c = Chart.getChart(document.querySelector('[data-testid=chart-lr-reg]'));
                    const el = c.getDatasetMeta(0).data.at(-1); return [el.x, el.y]; }
            """);
        await page.GetByTestId("chart-lr-reg").ClickAsync(new() { Position = new() { X = (float)dot[0], Y = (float)dot[1] } });
        await Expect(page.GetByTestId("selected-trial")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("selected-trial")).ToContainTextAsync($"#{bestIndex} ·");
        await Expect(page.GetByTestId("diagnostics")).ToContainTextAsync("Trial #");

        await page.GetByTestId("page-prev").ClickAsync();
        await Expect(pageInfo).ToHaveTextAsync($"trials 1–50 of {Total}");
        await BrowserPages.ScreenshotAsync(page, "search-10000-trials");
    });

    /// <summary>
    /// Claims and completes every trial through the store with a made-up response surface: best near
    /// lr 0.05 and λ 1e-4, overfitting at small λ, diverging above lr 0.4. Returns how many completed
    /// (the rest diverged) and the best trial's id and index.
    /// </summary>
    private async Task<(int Completed, Guid Best, int BestIndex)> FinishEveryTrialAsync(Guid searchId)
    {
        var store = fixture.Server.Services.GetRequiredService<ISearchStore>();
        var trials = await store.GetStageTrialsAsync(searchId, 1, CancellationToken.None);
        Assert.Equal(Trials, trials.Count);
        var completed = 0;
        var best = (Accuracy: double.MinValue, Id: Guid.Empty, Index: -1);
        foreach (var t in trials)
        {
            using var hp = JsonDocument.Parse(t.HyperparametersJson);
            var lr = Math.Log10(hp.RootElement.GetProperty("learningRate").GetDouble());
            var reg = Math.Log10(hp.RootElement.GetProperty("regularization").GetDouble());
            var now = DateTimeOffset.UtcNow;
            var claim = await store.TryClaimTrialAsync(t.Id, "browser-test", now, now.AddHours(1), CancellationToken.None)
                ?? throw new InvalidOperationException($"trial {t.Index} could not be claimed");
            TrialOutcome outcome;
            if (lr > -0.4)
            {
                outcome = new TrialOutcome(TrialStatus.Diverged, null, null, null, null, null, null, 1.1, 0.01, "loss exceeded 3× the initial loss");
            }
            else
            {
                var noise = new Random(t.Seed);
                var val = 0.34 + (0.58 * Math.Exp(-Math.Pow(lr + 1.3, 2) / 1.2 - Math.Pow(reg + 4, 2) / 6)) + (0.03 * noise.NextDouble());
                var gap = ((0.5 * Math.Exp(-Math.Pow(reg + 6, 2) / 2)) + (0.08 * noise.NextDouble())) * (val - 0.3);
                var train = Math.Min(1, val + gap);
                outcome = new TrialOutcome(TrialStatus.Completed, train, val, train - val, train - val > OverfitGap, 1 - train, 1 - val, 1.1, 0.01, null);
                completed++;
                if (val > best.Accuracy)
                {
                    best = (val, t.Id, t.Index);
                }
            }

            Assert.True(await store.CompleteTrialAsync(claim, outcome, DateTimeOffset.UtcNow, CancellationToken.None));
        }

        return (completed, best.Id, best.Index);
    }
}
