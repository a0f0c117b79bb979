using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace HyperSearch.Browser.Tests;

/// <summary>The search form is built from GET /api/schema: every registry parameter gets a field.</summary>
public sealed partial class DashboardTests
{
    [Fact]
    public Task Form_ShowsEveryRegistryParameter_ConditionalOnesWithTheirParent_SendsOnlyTouchedOnes() => WithPageAsync("form-schema", async page =>
    {
        var schema = await fixture.Http.GetFromJsonAsync<JsonElement>("/api/schema");
        await page.GotoAsync("/#/searches/new");
        await Expect(page.GetByTestId("input-dataset.name")).ToHaveAttributeAsync("data-loaded", "true");

        // Every parameter of the registry has a field: a friendly one or one under "More parameters".
        var parameters = schema.GetProperty("parameters").EnumerateArray().ToList();
        foreach (var name in parameters.Select(p => p.GetProperty("name").GetString()))
        {
            await Expect(page.Locator($"[data-testid='group-space.{name}'], [data-testid='input-space.{name}']").First).ToBeAttachedAsync();
        }

        // Lists and limits are the server's.
        var activations = parameters.Single(p => p.GetProperty("name").GetString() == "activation").GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToList();
        await Expect(page.GetByTestId("input-space.activation").Locator("input[type=checkbox]")).ToHaveCountAsync(activations.Count);
        var strategies = schema.GetProperty("strategies").EnumerateArray().Select(v => v.GetString()!).ToArray();
        Assert.Equal(strategies, await page.GetByTestId("input-strategy").Locator("option").AllTextContentsAsync());
        var splits = schema.GetProperty("splits").EnumerateArray().Select(v => v.GetString()!);
        Assert.Equal(["default", .. splits], await page.GetByTestId("input-dataset.split").Locator("option").AllTextContentsAsync());
        await Expect(page.GetByTestId("input-trials")).ToHaveAttributeAsync("max", schema.GetProperty("limits").GetProperty("maxTrialsPerStage").ToString());
        await Expect(page.GetByTestId("input-epochs")).ToHaveAttributeAsync("max", schema.GetProperty("limits").GetProperty("maxEpochs").ToString());
        await Expect(page.GetByTestId("input-space.dropout.max")).ToHaveAttributeAsync("max", "0.9");
        await Expect(page.GetByTestId("input-space.learningRate.scale")).ToBeCheckedAsync(); // the registry's default scale

        var more = page.GetByTestId("more-parameters");
        await Expect(more.GetByTestId("group-space.dropout")).ToBeVisibleAsync();
        await Expect(more.GetByTestId("group-space.batchSize")).ToBeVisibleAsync();

        // Conditional parameters follow their parent, friendly (activation, optimizer) or generic (learningRateDecay).
        var leaky = more.GetByTestId("group-space.leakySlope");
        await Expect(leaky).ToBeHiddenAsync();
        await page.GetByTestId("check-space.activation-leaky_relu").CheckAsync();
        await Expect(leaky).ToBeVisibleAsync();
        await Expect(more.GetByTestId("group-space.maxoutPieces")).ToBeHiddenAsync();
        await page.GetByTestId("check-space.activation-leaky_relu").UncheckAsync();
        await Expect(leaky).ToBeHiddenAsync();

        var momentum = more.GetByTestId("group-space.momentum");
        await Expect(momentum).ToBeVisibleAsync(); // sgd_momentum, the default, is ticked
        await page.GetByTestId("check-space.optimizer-adam").CheckAsync();
        await page.GetByTestId("check-space.optimizer-sgd_momentum").UncheckAsync();
        await Expect(momentum).ToBeHiddenAsync();
        await page.GetByTestId("check-space.optimizer-sgd_momentum").CheckAsync();
        await page.GetByTestId("check-space.optimizer-adam").UncheckAsync();
        await Expect(momentum).ToBeVisibleAsync();

        var decayRate = more.GetByTestId("group-space.decayRate");
        await Expect(decayRate).ToBeHiddenAsync();
        await page.GetByTestId("check-space.learningRateDecay-step").CheckAsync();
        await Expect(decayRate).ToBeVisibleAsync();
        await page.GetByTestId("check-space.learningRateDecay-step").UncheckAsync();
        await Expect(decayRate).ToBeHiddenAsync();

        // Untouched "More parameters" are not in the spec.
        var space = await SpaceAsync(page);
        foreach (var name in new[] { "dropout", "momentum", "batchSize", "leakySlope", "decayRate", "depth", "maxoutPieces" })
        {
            Assert.False(space.TryGetProperty(name, out _), $"{name} was sent untouched");
        }

        // A derived parameter (depth) composes the hidden layers: that field steps aside while it is set.
        await page.GetByTestId("input-space.depth.mode").SelectOptionAsync("fixed");
        await page.GetByTestId("input-space.depth").FillAsync("2");
        await Expect(page.GetByTestId("input-space.hiddenLayers")).ToBeDisabledAsync();
        space = await SpaceAsync(page);
        Assert.Equal(2, space.GetProperty("depth").GetInt32());
        Assert.False(space.TryGetProperty("hiddenLayers", out _));
        await page.GetByTestId("input-space.depth.mode").SelectOptionAsync("default");
        await Expect(page.GetByTestId("input-space.hiddenLayers")).ToBeEnabledAsync();
        Assert.False((await SpaceAsync(page)).TryGetProperty("depth", out _));

        // A dropout range, with leaky ReLU in the search (its slope's field appears, untouched: not sent).
        await page.GetByTestId("check-space.activation-leaky_relu").CheckAsync();
        await Expect(leaky).ToBeVisibleAsync();
        await page.GetByTestId("input-space.dropout.mode").SelectOptionAsync("range");
        await page.GetByTestId("input-space.dropout.min").FillAsync("0.1");
        await page.GetByTestId("input-space.dropout.max").FillAsync("0.5");
        await Expect(page.GetByTestId("spec-json")).ToHaveValueAsync(new Regex("\"dropout\""));
        space = await SpaceAsync(page);
        Assert.Equal(0.1, space.GetProperty("dropout").GetProperty("min").GetDouble());
        Assert.Equal(0.5, space.GetProperty("dropout").GetProperty("max").GetDouble());
        Assert.Equal("linear", space.GetProperty("dropout").GetProperty("scale").GetString());
        Assert.Equal(2, space.GetProperty("activation").GetProperty("values").GetArrayLength());
        Assert.False(space.TryGetProperty("leakySlope", out _));
        Assert.False(space.TryGetProperty("momentum", out _));
        Assert.False(space.TryGetProperty("learningRateDecay", out _)); // ticked back to the default
        await ScreenshotAsync(page, "form-schema");

        // Over the registry's limit: the API's error sits in the dropout card, under its max input.
        await page.GetByTestId("input-space.dropout.max").FillAsync("0.95");
        await page.GetByTestId("submit").ClickAsync();
        var error = more.GetByTestId("group-space.dropout").GetByTestId("error-space.dropout.max");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync("0.9");
        await Expect(page.GetByTestId("input-space.dropout.max")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page).ToHaveURLAsync(new Regex("#/searches/new$"));
        await page.GetByTestId("input-space.dropout.max").FillAsync("0.5");

        // Submitted, the search's spec and its stage table have the dropout range.
        await page.GetByTestId("input-name").FillAsync("browser dropout search");
        await page.GetByTestId("input-trials").FillAsync("2");
        await page.GetByTestId("input-epochs").FillAsync("2");
        await page.GetByTestId("input-space.hiddenLayers").FillAsync("16");
        await page.GetByTestId("input-sanityChecks").UncheckAsync();
        await page.GetByTestId("submit").ClickAsync();
        await Expect(page).ToHaveURLAsync(GuidRoute("searches"));
        var id = page.Url[^36..];
        var search = await fixture.Http.GetFromJsonAsync<JsonElement>($"/api/searches/{id}");
        var dropout = search.GetProperty("spec").GetProperty("space").GetProperty("dropout");
        Assert.Equal(0.1, dropout.GetProperty("min").GetDouble());
        Assert.Equal(0.5, dropout.GetProperty("max").GetDouble());
        await Expect(page.GetByTestId("stages-table").Locator("tr", new() { HasText = "dropout" })).ToContainTextAsync("0.1 … 0.5 (linear)");
        await Expect(page.GetByTestId("search-name").GetByTestId("status")).ToHaveTextAsync("completed", new() { Timeout = Slow });

        // The search page's status filter offers the server's trial statuses.
        var trialStatuses = schema.GetProperty("trialStatuses").EnumerateArray().Select(v => v.GetString()!);
        Assert.Equal(["any", .. trialStatuses], await page.GetByTestId("filter-status").Locator("option").AllTextContentsAsync());
    });

    private static async Task<JsonElement> SpaceAsync(Microsoft.Playwright.IPage page) =>
        JsonDocument.Parse(await page.GetByTestId("spec-json").InputValueAsync()).RootElement.GetProperty("space").Clone();
}
