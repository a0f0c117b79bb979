using System.Net;
using System.Net.Http.Headers;

namespace HyperSearch.Api.Tests;

/// <summary>Access control in the real executable: the <c>keys create</c> command, and when the start-up decides it is on.</summary>
public sealed class AuthProcessTests
{
    [Fact]
    public async Task KeysCreate_PrintsAKeyOnce_ThatTheServerThenAccepts()
    {
        var dir = Path.Combine(Path.GetTempPath(), "hs-keys-" + Guid.NewGuid().ToString("N"));
        string key;
        await using (var create = ServiceProcess.Start("HyperSearch.Api", new Dictionary<string, string> { ["HyperSearch__DataDirectory"] = dir }, "keys", "create", "--name", "admin", "--role", "admin"))
        {
            Assert.True(await create.WaitForExitAsync(TimeSpan.FromSeconds(60)), create.Output);
            Assert.Equal(0, create.ExitCode);
            key = Assert.Single(create.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("hs_", StringComparison.Ordinal));
        }

        var port = ServiceProcess.FreePort();
        await using var api = ServiceProcess.Start("HyperSearch.Api", new Dictionary<string, string>
        {
            ["HyperSearch__DataDirectory"] = dir,
            ["HyperSearch__Auth__Enabled"] = "true",
            ["HyperSearch__RunWorkers"] = "false",
            ["Urls"] = $"http://127.0.0.1:{port}",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitForHealthAsync(http);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/searches")).StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/keys") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
        var keys = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, keys.StatusCode);
        Assert.DoesNotContain(key, await keys.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("access control on (HyperSearch__Auth__Enabled=true)", api.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, api.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysCreate_WithABadRole_ExitsNonZero_NamingIt()
    {
        await using var create = ServiceProcess.Start("HyperSearch.Api", new Dictionary<string, string>
        {
            ["HyperSearch__DataDirectory"] = Path.Combine(Path.GetTempPath(), "hs-keys-" + Guid.NewGuid().ToString("N")),
        }, "keys", "create", "--name", "x", "--role", "root");

        Assert.True(await create.WaitForExitAsync(TimeSpan.FromSeconds(60)), create.Output);
        Assert.NotEqual(0, create.ExitCode);
        Assert.Contains("role", create.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0.0.0.0", true)]
    [InlineData("127.0.0.1", false)]
    public async Task AccessControl_IsOn_WhenListeningBeyondLoopback_AndTheStartLineSaysSo(string address, bool on)
    {
        var port = ServiceProcess.FreePort();
        await using var api = ServiceProcess.Start("HyperSearch.Api", new Dictionary<string, string>
        {
            ["HyperSearch__DataDirectory"] = Path.Combine(Path.GetTempPath(), "hs-bind-" + Guid.NewGuid().ToString("N")),
            ["HyperSearch__RunWorkers"] = "false",
            ["Urls"] = $"http://{address}:{port}",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitForHealthAsync(http);

        Assert.Equal(on ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, (await http.GetAsync("/api/searches")).StatusCode);
        await Eventually.WaitAsync(() => Task.FromResult(api.Output), o => o.Contains("HyperSearch is running at", StringComparison.Ordinal), TimeSpan.FromSeconds(10), "the start line");
        Assert.Contains(on ? $"access control on (listening on http://{address}:{port})" : "access control off (embedded mode on loopback", api.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://10.0.0.5:8080", false)]
    [InlineData("http://example.com", false)]
    public void IsLoopbackUrl_KnowsLoopbackFromWildcardsAndOtherHosts(string url, bool loopback) =>
        Assert.Equal(loopback, Hosting.Auth.AuthState.IsLoopbackUrl(url));

    private static Task WaitForHealthAsync(HttpClient http) => Eventually.WaitAsync(
        async () =>
        {
            try
            {
                return (await http.GetAsync("/health")).StatusCode;
            }
            catch (HttpRequestException)
            {
                return (HttpStatusCode?)null;
            }
        },
        s => s == HttpStatusCode.OK,
        TimeSpan.FromSeconds(30),
        "GET /health to answer 200");
}
