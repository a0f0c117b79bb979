using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HyperSearch.Cli;

namespace HyperSearch.Api.Tests.Contract;

/// <summary>
/// The <c>hypersearch</c> CLI against the real API host on Kestrel, over plain HTTP to 127.0.0.1, as a user
/// runs it: access control on, and every command sends a user key made through POST /api/keys.
/// </summary>
public sealed class CliTests : IAsyncLifetime
{
    private KestrelApp _app = null!;
    private string _dir = "";
    private string _key = "";

    public async Task InitializeAsync()
    {
        _app = new KestrelApp(auth: true).Start();
        _dir = Path.Combine(Path.GetTempPath(), "hs-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        using var admin = new HttpClient { BaseAddress = _app.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", HyperSearchApp.AdminKey);
        using var created = await admin.PostAsJsonAsync("/api/keys", new { name = "cli", owner = "cli-user", role = "user" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
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

    [Fact]
    public async Task WithoutAKey_OrWithAWrongOne_EveryCommandFailsWithAMessage_NotAStackTrace()
    {
        var spec = await SpecFileAsync(Specs.Random(trials: 1, epochs: 1));
        string[][] commands = [["list"], ["show", Guid.NewGuid().ToString()], ["submit", spec], ["export", Guid.NewGuid().ToString()]];
        foreach (var command in commands)
        {
            foreach (var key in new[] { "hs_wrong-key-0123456789", "" })
            {
                var (code, output, error) = await RunWithKeyAsync(key, command);
                var what = $"{string.Join(' ', command)} with key '{key}': exit {code}, stdout {output}, stderr {error}";
                Assert.True(code == 1, what);
                Assert.Contains("error: Authentication required", error, StringComparison.Ordinal);
                Assert.Contains("--api-key", error, StringComparison.Ordinal);
                Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
                Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
            }
        }

        // Nothing was submitted.
        var (_, list, _) = await RunAsync("list");
        Assert.Contains("0 of 0 searches", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheKey_CanComeFromHYPERSEARCH_API_KEY()
    {
        var before = Environment.GetEnvironmentVariable("HYPERSEARCH_API_KEY");
        Environment.SetEnvironmentVariable("HYPERSEARCH_API_KEY", _key);
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await CliApp.RunAsync(["list", "--url", _app.BaseAddress.ToString()], output, error);
            Assert.True(code == 0, error.ToString());
            Assert.Contains("0 of 0 searches", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("HYPERSEARCH_API_KEY", before);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/api/searches", true)]
    [InlineData("http://localhost:5000/api/searches", true)]
    [InlineData("http://[::1]:5000/api/searches", true)]
    [InlineData("https://hypersearch.example/api/searches", true)]
    [InlineData("http://hypersearch.example/api/searches", false)]
    [InlineData("http://10.0.0.7:5000/api/searches", false)]
    public async Task TheKey_GoesOverHttpsAnywhere_ButOverHttpOnlyToLoopback(string url, bool sent)
    {
        var provider = new BearerKeyAuthenticationProvider("hs_key");
        var request = new Microsoft.Kiota.Abstractions.RequestInformation { URI = new Uri(url) };

        if (sent)
        {
            await provider.AuthenticateRequestAsync(request);
            Assert.Equal(["Bearer hs_key"], request.Headers["Authorization"]);
        }
        else
        {
            await Assert.ThrowsAsync<InsecureApiKeyException>(() => provider.AuthenticateRequestAsync(request));
            Assert.False(request.Headers.ContainsKey("Authorization"));
        }
    }

    [Fact]
    public async Task AKey_ForAPlainHttpServerBeyondLoopback_IsNotSent_TheCliSaysWhy()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): nothing answers there, and nothing must be sent.
        var code = await CliApp.RunAsync(["list", "--url", "http://192.0.2.1:5000", "--api-key", _key], output, error);

        Assert.Equal(1, code);
        Assert.Contains("refusing to send the API key over plain http to 192.0.2.1", error.ToString(), StringComparison.Ordinal);
    }

    private async Task<string> SpecFileAsync(string json)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(path, json);
        return path;
    }

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => RunWithKeyAsync(_key, args);

    private async Task<(int Code, string Output, string Error)> RunWithKeyAsync(string key, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync([.. args, "--url", _app.BaseAddress.ToString(), "--api-key", key], output, error);
        return (code, output.ToString(), error.ToString());
    }
}
