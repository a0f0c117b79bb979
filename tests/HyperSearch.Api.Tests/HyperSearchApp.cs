using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HyperSearch.Api.Tests;

/// <summary>
/// The real API host (Program) in-process: embedded (a temp SQLite file) or on a real Postgres. Settings
/// go in through UseSetting so Program sees them while it registers services. Every host has the admin
/// bootstrap key <see cref="AdminKey"/> and its clients send it, so tests work where access control is on
/// (always on Postgres); a test of access control itself makes clients without it (<see cref="CreateAnonymousClient"/>).
/// </summary>
public sealed class HyperSearchApp : WebApplicationFactory<Program>
{
    /// <summary>The bootstrap admin key of every test host (HyperSearch:Auth:BootstrapKey).</summary>
    public const string AdminKey = "hs_test-admin-key-0123456789abcdefghijklmnopq";

    private readonly Dictionary<string, string?> _settings;

    public HyperSearchApp(string? postgres = null, string? dataDirectory = null, IDictionary<string, string?>? settings = null)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "hs-api-" + Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["HyperSearch:DataDirectory"] = DataDirectory,
            ["HyperSearch:Workers"] = "2",
            ["HyperSearch:LeaseSeconds"] = "5",
            ["HyperSearch:RecoveryScanSeconds"] = "1",
            ["Logging:LogLevel:Default"] = "Warning",
            ["HyperSearch:Auth:BootstrapKey"] = AdminKey,
        };
        if (postgres is not null)
        {
            _settings["ConnectionStrings:Postgres"] = postgres;
        }

        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            _settings[k] = v;
        }
    }

    public string DataDirectory { get; }

    /// <summary>A client that sends no key.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>A client that sends <paramref name="key"/> as a bearer token.</summary>
    public HttpClient CreateClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }
    }
}
