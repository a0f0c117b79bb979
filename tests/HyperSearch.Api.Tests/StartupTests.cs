namespace HyperSearch.Api.Tests;

/// <summary>How the real executables start (and refuse to).</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task Api_WithUnreachablePostgres_ExitsWithOneClearErrorLine()
    {
        await using var api = ServiceProcess.Start("HyperSearch.Api", new Dictionary<string, string>
        {
            ["ConnectionStrings__Postgres"] = "Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=3",
            ["Urls"] = "http://127.0.0.1:0",
        });

        Assert.True(await api.WaitForExitAsync(TimeSpan.FromSeconds(60)), api.Output);
        Assert.NotEqual(0, api.ExitCode);
        var errors = api.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.Contains("postgres", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("127.0.0.1", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_Embedded_AnswersHealthWithin10Seconds()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hs-start-" + Guid.NewGuid().ToString("N"));
        var port = ServiceProcess.FreePort();
        await using var api = ServiceProcess.Start("HyperSearch.Api", new Dictionary<string, string>
        {
            ["HyperSearch__DataDirectory"] = dir,
            ["Urls"] = $"http://127.0.0.1:{port}",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var started = DateTime.UtcNow;
        var response = await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    return await http.GetAsync("/health");
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            r => r?.IsSuccessStatusCode == true,
            TimeSpan.FromSeconds(10),
            "GET /health to answer 200");

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Contains("HyperSearch is running at", api.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "hypersearch.db")));
        response!.Dispose();
    }
}
