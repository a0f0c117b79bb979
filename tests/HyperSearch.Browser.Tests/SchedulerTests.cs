using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HyperSearch.Browser.Tests;

/// <summary>Schedulers on the dashboard: the form's Scheduler field, the rung view and pruned trials.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public Task AshaSearch_RungViewCountsRungs_PrunedRowsGreyed_EpochsTrainedShown() => WithPageAsync("search-asha", async page =>
    {
        // The brief's example: 9 random trials, rungs at 1 and 3 epochs, survivors trained to 9.
        using var response = await fixture.Http.PostAsync("/api/searches", JsonContent.Create(new
        {
            name = "asha on spiral",
            seed = 5,
            dataset = new { name = "spiral" },
            strategy = "random",
            trials = 9,
            sanityChecks = false,
            scheduler = new { kind = "asha", minEpochs = 1, maxEpochs = 9, reduction = 3 },
            space = new
            {
                learningRate = new { min = 1e-3, max = 1.0, scale = "log" },
                hiddenLayers = new { values = new[] { new[] { 16 }, new[] { 64 } } },
            },
        }));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        await page.GotoAsync($"/#/searches/{id}");
        await Expect(page.GetByTestId("search-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });
        var search = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/searches/{id}");
        var stage = search.GetProperty("stages")[0];
        var apiRungs = stage.GetProperty("rungs").EnumerateArray().ToList();
        var progress = search.GetProperty("progress");
        var pruned = progress.GetProperty("pruned").GetInt32();
        var completed = progress.GetProperty("completed").GetInt32();
        // Which trials get promoted depends on the order two workers finish them; the rungs and that
        // every trial reached the first one do not (seed 5: none of the nine diverges).
        Assert.Equal(2, apiRungs.Count);
        Assert.True(pruned > 0, "an ASHA search of 9 trials with η = 3 prunes some");

        // The stage table names the scheduler; the progress card counts paused and pruned trials.
        await Expect(page.GetByTestId("stage-scheduler")).ToContainTextAsync("ASHA: 1 → 9 epochs, keeps 1/3 per rung");
        await Expect(page.GetByTestId("progress-pruned")).ToHaveTextAsync($"{pruned} pruned");
        await Expect(page.GetByTestId("progress-paused")).ToHaveTextAsync("0 paused");

        // The rung view: rungs at 1 and 3 epochs with the API's counts, then the top at 9 (maxEpochs).
        var view = page.GetByTestId("rungs").Locator("[data-testid=rung-stage][data-stage='1']");
        await Expect(view).ToBeVisibleAsync();
        var rungRows = view.GetByTestId("rung-row");
        await Expect(rungRows).ToHaveCountAsync(2);
        await Expect(rungRows.GetByTestId("rung-epochs")).ToHaveTextAsync(["1", "3"]);
        await Expect(rungRows.Nth(0).GetByTestId("rung-reached")).ToHaveTextAsync("9");
        for (var k = 0; k < 2; k++)
        {
            var r = apiRungs[k];
            Assert.Equal(k, r.GetProperty("rung").GetInt32());
            await Expect(rungRows.Nth(k).GetByTestId("rung-reached")).ToHaveTextAsync(Text(r.GetProperty("reached").GetInt32()));
            await Expect(rungRows.Nth(k).GetByTestId("rung-promoted")).ToHaveTextAsync(Text(r.GetProperty("promoted").GetInt32()));
            await Expect(rungRows.Nth(k).GetByTestId("rung-rest")).ToHaveTextAsync(Text(r.GetProperty("reached").GetInt32() - r.GetProperty("promoted").GetInt32()));
        }

        await Expect(view.GetByTestId("rungs-table").Locator("thead")).ToContainTextAsync("Pruned"); // the stage has settled
        await Expect(view.GetByTestId("rung-top").GetByTestId("rung-epochs")).ToHaveTextAsync("9");
        await Expect(view.GetByTestId("rung-top").GetByTestId("rung-reached")).ToHaveTextAsync(Text(completed));
        await Expect(view.GetByTestId("chart-rungs")).ToHaveAttributeAsync("data-points", NonZero());
        var bars = await page.EvaluateAsync<JsonElement>("""
            () => Chart.getChart(document.querySelector('[data-testid=chart-rungs]')).data.datasets.map(d => ({ label: d.label, data: d.data }))
            """);
        Assert.Equal(["promoted", "pruned", "completed"], bars.EnumerateArray().Select(d => d.GetProperty("label").GetString()));
        Assert.Equal(apiRungs[0].GetProperty("promoted").GetInt32(), bars[0].GetProperty("data")[0].GetInt32());

        // The trial table: pruned rows are greyed (class "pruned"), every trial shows the epochs it
        // trained (a pruned one stopped at a rung: "1 / 9" or "3 / 9") and its rung.
        var rows = page.GetByTestId("trial-row");
        await Expect(rows).ToHaveCountAsync(9);
        await Expect(page.GetByTestId("trials-table").Locator("thead")).ToContainTextAsync("Epochs");
        await Expect(page.GetByTestId("trials-table").Locator("thead")).ToContainTextAsync("Rung");
        var prunedRows = page.Locator("[data-testid=trial-row][data-status=pruned]");
        await Expect(prunedRows).ToHaveCountAsync(pruned);
        for (var i = 0; i < pruned; i++)
        {
            await Expect(prunedRows.Nth(i)).ToHaveClassAsync(new Regex(@"\bpruned\b"));
            await Expect(prunedRows.Nth(i).GetByTestId("trial-epochs")).ToHaveTextAsync(new Regex(@"^[13] / 9$"));
            await Expect(prunedRows.Nth(i).GetByTestId("trial-rung")).ToHaveTextAsync(new Regex("^[01]$"));
        }

        var greyed = await prunedRows.First.Locator("td").Nth(1).EvaluateAsync<string>("td => getComputedStyle(td).color");
        var normal = await page.Locator("[data-testid=trial-row][data-status=completed] td").Nth(1).EvaluateAsync<string>("td => getComputedStyle(td).color");
        Assert.NotEqual(normal, greyed);
        var completedRows = page.Locator("[data-testid=trial-row][data-status=completed]");
        await Expect(completedRows).ToHaveCountAsync(completed);
        await Expect(completedRows.First.GetByTestId("trial-epochs")).ToHaveTextAsync("9");
        await Expect(completedRows.First).Not.ToHaveClassAsync(new Regex(@"\bpruned\b"));

        // The status filter has the new statuses and the server filters by them.
        await page.GetByTestId("filter-status").SelectOptionAsync("pruned");
        await Expect(rows).ToHaveCountAsync(pruned);
        await Expect(page.GetByTestId("page-info")).ToHaveTextAsync($"trials 1–{pruned} of {pruned}");
        await page.GetByTestId("filter-status").SelectOptionAsync("");
        await Expect(rows).ToHaveCountAsync(9);

        // Curves: a pruned trial's ends where it stopped (marked), a promoted one is one line over 1…9.
        // One pruned at rung 1 (3 epochs) if there is one: its short curve shows that best.
        var atRung1 = prunedRows.Filter(new() { Has = page.GetByTestId("trial-epochs").Filter(new() { HasText = "3 / 9" }) });
        var shortRun = await atRung1.CountAsync() > 0 ? atRung1.First : prunedRows.First;
        await shortRun.GetByTestId("trial-select").CheckAsync();
        await completedRows.First.GetByTestId("trial-select").CheckAsync();
        await Expect(page.GetByTestId("selected-trial")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("selected-trial").First).ToContainTextAsync(new Regex(@"[13] of 9 epochs .* pruned"));
        var curves = await page.EvaluateAsync<JsonElement>("""
            () => Chart.getChart(document.querySelector('[data-testid=chart-loss]')).data.datasets
                    .map(d => ({ label: d.label, xs: d.data.map(p => p.x) }))
            """);
        Assert.Equal(4, curves.GetArrayLength());
        var cut = curves[0].GetProperty("xs").EnumerateArray().Select(x => x.GetInt32()).ToList();
        Assert.Contains("(pruned)", curves[0].GetProperty("label").GetString(), StringComparison.Ordinal);
        Assert.True(cut.SequenceEqual(Enumerable.Range(1, cut.Count)) && cut.Count is 1 or 3, $"pruned curve: {string.Join(",", cut)}");
        Assert.Equal(Enumerable.Range(1, 9), curves[2].GetProperty("xs").EnumerateArray().Select(x => x.GetInt32()));
        await ScreenshotAsync(page, "search-asha");
    });

    [Fact]
    public Task Form_SendsScheduler_ReductionErrorNextToItsInput() => WithPageAsync("form-scheduler", async page =>
    {
        var schema = await fixture.Http.GetFromJsonAsync<JsonElement>("/api/schema");
        await page.GotoAsync("/#/searches/new");
        await Expect(page.GetByTestId("input-dataset.name")).ToHaveAttributeAsync("data-loaded", "true");

        // The kinds are the schema's; "none" sends no scheduler.
        var kinds = schema.GetProperty("schedulers").EnumerateArray().Select(v => v.GetString()!).ToArray();
        var kind = page.GetByTestId("input-scheduler.kind");
        Assert.Equal(kinds, await kind.Locator("option").AllTextContentsAsync());
        await Expect(kind).ToHaveValueAsync("none");
        Assert.False((await SpecAsync(page)).TryGetProperty("scheduler", out _));
        await Expect(page.GetByTestId("input-scheduler.reduction")).ToBeHiddenAsync();

        // ASHA: its settings, the server's defaults as placeholders; empty ones are not sent, and the
        // epochs stay the spec's (the server takes maxEpochs = epochs).
        await kind.SelectOptionAsync("asha");
        await Expect(page.GetByTestId("input-scheduler.reduction")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("input-scheduler.reduction")).ToHaveAttributeAsync("placeholder", "3");
        await Expect(page.GetByTestId("input-scheduler.minEpochs")).ToHaveAttributeAsync("placeholder", "1");
        await Expect(page.GetByTestId("input-scheduler.maxEpochs")).ToHaveAttributeAsync("placeholder", "= epochs (20)");
        await Expect(page.GetByTestId("input-scheduler.warmupEpochs")).ToBeHiddenAsync();
        var spec = await SpecAsync(page);
        Assert.Equal("""{"kind":"asha"}""", Compact(spec.GetProperty("scheduler")));
        Assert.Equal(20, spec.GetProperty("epochs").GetInt32());

        // A set maxEpochs takes the epochs field's place: the two can never disagree.
        await page.GetByTestId("input-scheduler.maxEpochs").FillAsync("9");
        await Expect(page.GetByTestId("input-epochs")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("epochs-note")).ToContainTextAsync("max epochs (9)");
        spec = await SpecAsync(page);
        Assert.Equal(9, spec.GetProperty("scheduler").GetProperty("maxEpochs").GetInt32());
        Assert.False(spec.TryGetProperty("epochs", out _));
        await page.GetByTestId("input-scheduler.maxEpochs").FillAsync("");
        await Expect(page.GetByTestId("input-epochs")).ToBeEnabledAsync();

        // Median stopping has its own settings.
        await kind.SelectOptionAsync("median");
        await Expect(page.GetByTestId("input-scheduler.reduction")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("input-scheduler.minTrials")).ToHaveAttributeAsync("placeholder", "5");
        await page.GetByTestId("input-scheduler.warmupEpochs").FillAsync("2");
        Assert.Equal("""{"kind":"median","warmupEpochs":2}""", Compact((await SpecAsync(page)).GetProperty("scheduler")));

        // Reduction 1 cuts nothing: the API's message sits in the scheduler group, under that input.
        await kind.SelectOptionAsync("asha");
        await page.GetByTestId("input-scheduler.reduction").FillAsync("1");
        await page.GetByTestId("submit").ClickAsync();
        var error = page.GetByTestId("group-scheduler").GetByTestId("error-scheduler.reduction");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("reduction must be between 2 and 100 (got 1)");
        await Expect(page.GetByTestId("input-scheduler.reduction")).ToHaveAttributeAsync("aria-invalid", "true");
        var describedBy = await page.GetByTestId("input-scheduler.reduction").GetAttributeAsync("aria-describedby");
        Assert.Contains(await error.GetAttributeAsync("id") ?? "?", describedBy ?? "", StringComparison.Ordinal);
        await Expect(page.GetByTestId("form-errors")).ToContainTextAsync("Please correct the highlighted fields.");
        await Expect(page).ToHaveURLAsync(new Regex("#/searches/new$"));
        await ScreenshotAsync(page, "form-scheduler-error");

        // Corrected, the search is created with the scheduler and maxEpochs = the form's epochs.
        await page.GetByTestId("input-scheduler.reduction").FillAsync("3");
        await page.GetByTestId("input-name").FillAsync("browser asha search");
        await page.GetByTestId("input-trials").FillAsync("9");
        await page.GetByTestId("input-epochs").FillAsync("3");
        await page.GetByTestId("input-space.hiddenLayers").FillAsync("16");
        await page.GetByTestId("input-sanityChecks").UncheckAsync();
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(GuidRoute("searches"));
        var search = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/searches/{page.Url[^36..]}");
        Assert.Equal(3, search.GetProperty("spec").GetProperty("scheduler").GetProperty("reduction").GetInt32());
        var scheduler = search.GetProperty("stages")[0].GetProperty("scheduler");
        Assert.Equal("asha", scheduler.GetProperty("kind").GetString());
        Assert.Equal(3, scheduler.GetProperty("maxEpochs").GetInt32());
        await Expect(page.GetByTestId("stage-scheduler")).ToContainTextAsync("ASHA: 1 → 3 epochs, keeps 1/3 per rung");
        await Expect(page.GetByTestId("search-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });
    });

    private static async Task<JsonElement> SpecAsync(IPage page) =>
        JsonDocument.Parse(await page.GetByTestId("spec-json").InputValueAsync()).RootElement.Clone();

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);

    private static string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
}
