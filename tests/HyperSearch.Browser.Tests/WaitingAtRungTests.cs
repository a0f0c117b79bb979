using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using HyperSearch.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace HyperSearch.Browser.Tests;

/// <summary>
/// An ASHA stage caught mid-way: nothing trains (RunWorkers = false), the test reports three trials at
/// rung 0 through the server's store as a worker would, promoting one. A real run passes this state in
/// a moment; here it stays, so the paused display can be checked.
/// </summary>
public sealed class WaitingAtRungTests(IdleBrowserFixture fixture) : IClassFixture<IdleBrowserFixture>
{
    [Fact]
    public Task AshaStageMidway_PausedTrialsShownAsWaiting_RungViewCountsThem() => BrowserPages.RunAsync(fixture, "search-asha-waiting", async page =>
    {
        using var response = await fixture.Http.PostAsync("/api/searches", JsonContent.Create(new
        {
            name = "asha, waiting at rung 0",
            seed = 1,
            dataset = new { name = "spiral" },
            strategy = "random",
            trials = 9,
            sanityChecks = false,
            scheduler = new { kind = "asha", minEpochs = 1, maxEpochs = 9, reduction = 3 },
            space = new { learningRate = new { min = 1e-3, max = 1.0, scale = "log" }, hiddenLayers = new[] { 16 } },
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);

        // Trials 0 and 1 wait at rung 0; trial 2, the best of the three, is promoted (queued for 3 epochs).
        var store = fixture.Server.Services.GetRequiredService<ISearchStore>();
        var trials = (await store.GetStageTrialsAsync(id, 1, CancellationToken.None)).OrderBy(t => t.Index).ToList();
        for (var i = 0; i < 3; i++)
        {
            var now = DateTimeOffset.UtcNow;
            var claim = await store.TryClaimTrialAsync(trials[i].Id, "browser-test", now, now.AddHours(1), CancellationToken.None)
                ?? throw new InvalidOperationException($"trial {i} could not be claimed");
            var accuracy = 0.5 + (0.1 * i);
            var metrics = new TrialOutcome(TrialStatus.Paused, accuracy, accuracy, 0, false, 1 - accuracy, 1 - accuracy, 1.1, 0.01, null, EpochsTrained: 1);
            var promote = i == 2 ? trials[i].Id : (Guid?)null;
            var promoted = await store.ReportRungAsync(
                claim, new RungReport(0, 1, accuracy, metrics, [1, 2, 3]),
                _ => promote is { } p ? [new RungPromotionRecord(p, 0, 3)] : [], DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.NotNull(promoted);
        }

        await page.GotoAsync($"/#/searches/{id}");

        // Paused trials are not finished: the progress bar stays at 0 / 9 and the card counts them.
        await Expect(page.Locator(".cards").GetByTestId("progress")).ToHaveTextAsync("0 / 9");
        await Expect(page.GetByTestId("progress-paused")).ToHaveTextAsync("2 paused");
        await Expect(page.GetByTestId("progress-pruned")).ToHaveTextAsync("0 pruned");

        // Rung 0: three reached, one promoted, two waiting; rung 1 (3 epochs) and the top (9) still empty.
        var view = page.GetByTestId("rung-stage");
        await Expect(view.GetByTestId("rungs-table").Locator("thead")).ToContainTextAsync("Waiting");
        var rungRows = view.GetByTestId("rung-row");
        await Expect(rungRows).ToHaveCountAsync(2);
        await Expect(rungRows.GetByTestId("rung-epochs")).ToHaveTextAsync(["1", "3"]);
        await Expect(rungRows.GetByTestId("rung-reached")).ToHaveTextAsync(["3", "0"]);
        await Expect(rungRows.GetByTestId("rung-promoted")).ToHaveTextAsync(["1", "0"]);
        await Expect(rungRows.GetByTestId("rung-rest")).ToHaveTextAsync(["2", "0"]);
        await Expect(view.GetByTestId("rung-top").GetByTestId("rung-reached")).ToHaveTextAsync("0");
        var labels = await page.EvaluateAsync<string[]>("() => Chart.getChart(document.querySelector('[data-testid=chart-rungs]')).data.datasets.map(d => d.label)");
        Assert.Equal(["promoted", "waiting", "completed"], labels);

        // Paused rows are marked (class "paused"), with their epochs, rung and why they wait.
        var paused = page.Locator("[data-testid=trial-row][data-status=paused]");
        await Expect(paused).ToHaveCountAsync(2);
        for (var i = 0; i < 2; i++)
        {
            await Expect(paused.Nth(i)).ToHaveClassAsync(new Regex(@"\bpaused\b"));
            await Expect(paused.Nth(i).GetByTestId("trial-epochs")).ToHaveTextAsync("1 / 9");
            await Expect(paused.Nth(i).GetByTestId("trial-rung")).ToHaveTextAsync("0");
            await Expect(paused.Nth(i).GetByTestId("trial-status")).ToHaveAttributeAsync("title", "waiting at rung 0 for a promotion");
        }

        var promotedRow = page.Locator("[data-testid=trial-row][data-index='2']");
        await Expect(promotedRow.GetByTestId("trial-status")).ToHaveTextAsync("queued");
        await Expect(promotedRow.GetByTestId("trial-epochs")).ToHaveTextAsync("1 / 9");
        await Expect(promotedRow).Not.ToHaveClassAsync(new Regex(@"\bpaused\b"));
        await BrowserPages.ScreenshotAsync(page, "search-asha-waiting");
    });
}
