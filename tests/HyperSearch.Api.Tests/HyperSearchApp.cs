using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace HyperSearch.Api.Tests;

/// <summary>
/// The real API host (Program) in-process: embedded (a temp SQLite file) or on a real Postgres. Settings
/// go in through UseSetting so Program sees them while it registers services.
/// </summary>
public sealed class HyperSearchApp : WebApplicationFactory<Program>
{
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

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }
    }
}
