using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Every answer (API JSON, static dashboard files, errors, Hangfire's pages) says nosniff,
/// no-referrer, and may not be framed, under the dashboard's strict Content-Security-Policy; the Scalar
/// API reference gets a relaxed one (inline boot script, its web fonts) that still forbids framing. Over a real Kestrel socket on loopback (Hangfire's
/// dashboard answers local requests only).
/// </summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    public const string DashboardPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private readonly HyperSearchApp _app = new(settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" });
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        var port = RawHttp.StartOnLoopback(_app);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = RawHttp.Timeout };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/datasets", HttpStatusCode.OK)] // API JSON
    [InlineData("/api/schema", HttpStatusCode.OK)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/", HttpStatusCode.OK)] // the dashboard page (index.html)
    [InlineData("/index.html", HttpStatusCode.OK)]
    [InlineData("/js/app.js", HttpStatusCode.OK)] // static files
    [InlineData("/css/app.css", HttpStatusCode.OK)]
    [InlineData("/favicon.svg", HttpStatusCode.OK)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)] // errors
    [InlineData("/api/searches/00000000-0000-0000-0000-000000000001", HttpStatusCode.NotFound)]
    [InlineData("/api/searches?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/hangfire", HttpStatusCode.OK)] // Hangfire's dashboard works under the strict policy
    [InlineData("/hangfire/jobs/enqueued", HttpStatusCode.OK)]
    public async Task Get_CarriesTheSecurityHeaders_AndTheDashboardPolicy(string path, HttpStatusCode status)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        AssertCommonHeaders(response);
        Assert.Equal(DashboardPolicy, Csp(response));
    }

    [Fact]
    public async Task ABadPost_CarriesTheSecurityHeaders()
    {
        var response = await _http.PostAsync("/api/searches", new StringContent("{ \"name\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertCommonHeaders(response);
        Assert.Equal(DashboardPolicy, Csp(response));
    }

    [Fact]
    public async Task AMethodNotAllowed_CarriesTheSecurityHeaders()
    {
        // Answered by routing, not by an endpoint.
        var response = await _http.PutAsync("/api/datasets", new StringContent(""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        AssertCommonHeaders(response);
    }

    [Theory]
    [InlineData("/scalar")] // redirected to /scalar/
    [InlineData("/scalar/scalar.js")]
    public async Task Scalar_GetsARelaxedPolicy_ThatStillForbidsFraming(string path)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCommonHeaders(response);
        var csp = Csp(response);
        Assert.NotEqual(DashboardPolicy, csp);
        Assert.Contains("script-src 'self' 'unsafe-inline';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("*", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheScalarPolicy_DoesNotLeakToPathsThatMerelyStartLikeIt()
    {
        var response = await _http.GetAsync("/scalarish");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(DashboardPolicy, Csp(response));
    }

    private static string Csp(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }
}

/// <summary>A 500 (an endpoint throws; the exception handler answers) carries the security headers too.</summary>
public sealed class SecurityHeadersOnServerErrorTests : IAsyncLifetime
{
    private readonly ThrowingClock _clock = new();
    private readonly HyperSearchApp _app = new(settings: new Dictionary<string, string?> { ["HyperSearch:RunWorkers"] = "false" });
    private WebApplicationFactory<Program> _withClock = null!;

    public Task InitializeAsync()
    {
        _withClock = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _withClock.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnUnhandledException_Is500_WithTheSecurityHeaders()
    {
        using var http = _withClock.CreateClient();
        _clock.Throw = true;

        var response = await http.PostAsync("/api/searches", new StringContent("""{ "dataset": "spiral", "trials": 1 }""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal(SecurityHeadersTests.DashboardPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
    }

    /// <summary>The system clock, until <see cref="Throw"/> is set: then reading the time fails, as a broken dependency would.</summary>
    private sealed class ThrowingClock : TimeProvider
    {
        public volatile bool Throw;

        public override DateTimeOffset GetUtcNow() => Throw ? throw new InvalidOperationException("test: the clock is broken") : System.GetUtcNow();
    }
}
