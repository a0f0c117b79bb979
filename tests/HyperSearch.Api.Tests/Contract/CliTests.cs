using HyperSearch.Cli;

namespace HyperSearch.Api.Tests.Contract;

/// <summary>The <c>hypersearch</c> CLI against the real API host on Kestrel, over HTTP, as a user runs it.</summary>
public sealed class CliTests : IAsyncLifetime
{
    private KestrelApp _app = null!;
    private string _dir = "";

    public Task InitializeAsync()
    {
        _app = new KestrelApp().Start();
        _dir = Path.Combine(Path.GetTempPath(), "hs-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Submit_Watch_ShowsProgressPerStage_ThenListShowAndExportTheSearch()
    {
        var spec = await SpecFileAsync("""
            { "name": "cli coarse-fine", "seed": 3, "dataset": "spiral", "trials": 3, "epochs": 2, "sanityChecks": false,
              "space": { "learningRate": { "min": 0.01, "max": 1, "scale": "log" }, "hiddenLayers": [16] },
              "refine": { "stages": 2, "topK": 2, "trials": 2, "epochs": 2 } }
            """);

        var (code, output, error) = await RunAsync("submit", spec, "--watch");

        Assert.True(code == 0, output + error);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(output, @"stage 1: 3/3 trials done, 0 running, best validation \d+\.\d+ ?%"), output);
        Assert.Matches(@"stage 2: 2/2 trials done, 0 running, best validation \d+\.\d+ ?%", output);
        Assert.Contains("completed: best validation", output, StringComparison.Ordinal);
        var id = output.Split(' ', 3)[1];

        var (_, list, _) = await RunAsync("list");
        Assert.Contains(id, list, StringComparison.Ordinal);
        var (_, show, _) = await RunAsync("show", id);
        Assert.Contains("stage 2: 2 completed", show, StringComparison.Ordinal);

        var (exportCode, csv, _) = await RunAsync("export", id, "--format", "csv");
        Assert.Equal(0, exportCode);
        var rows = TrialExportTests.ParseCsv(csv);
        Assert.Equal("id", rows[0][0]);
        Assert.Equal(6, rows.Count);
        var (_, json, _) = await RunAsync("export", id, "--format", "json");
        Assert.Equal(5, json.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Compare_Watch_Completes_AndErrorsAreMessagesWithExitCode1()
    {
        var spec = await SpecFileAsync("""
            { "name": "cli comparison", "seed": 4, "budget": 4, "epochs": 2, "dataset": "spiral", "sanityChecks": false,
              "space": { "learningRate": { "min": 0.01, "max": 1, "scale": "log" } } }
            """);

        var (code, output, error) = await RunAsync("compare", spec, "--watch");

        Assert.True(code == 0, output + error);
        Assert.Contains("comparison completed: random 4/4", output, StringComparison.Ordinal);

        var (missingCode, _, missing) = await RunAsync("show", Guid.NewGuid().ToString());
        Assert.Equal(1, missingCode);
        Assert.Contains("error: Search not found", missing, StringComparison.Ordinal);

        var bad = await SpecFileAsync("""{ "dataset": "spiral", "space": { "learningRate": { "min": 0.1, "max": 0.01 } } }""");
        var (badCode, _, invalid) = await RunAsync("submit", bad);
        Assert.Equal(1, badCode);
        Assert.Contains("space.learningRate.min", invalid, StringComparison.Ordinal);
    }

    private async Task<string> SpecFileAsync(string json)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--url", _app.BaseAddress.ToString()], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
