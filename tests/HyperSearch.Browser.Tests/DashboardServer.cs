using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Browser.Tests;

/// <summary>
/// The real API host (Program) on a real Kestrel socket (a browser cannot reach the in-memory
/// TestServer), embedded storage in a fresh temp directory and two Hangfire workers (unless extra
/// settings say otherwise).
/// </summary>
public sealed class DashboardServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    /// <param name="settings">Extra host settings applied after the defaults (e.g. <c>HyperSearch:RunWorkers</c> = "false").</param>
    public DashboardServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        DataDirectory = Path.Combine(Path.GetTempPath(), "hs-browser-" + Guid.NewGuid().ToString("N"));
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    /// <summary>The server's real address (http://127.0.0.1:port), read after start.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("The server exposes no addresses.");
        var address = addresses.Addresses.FirstOrDefault() ?? throw new InvalidOperationException("The server has not bound an address.");
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("HyperSearch:DataDirectory", DataDirectory);
        builder.UseSetting("HyperSearch:Workers", "2");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp directory is harmless.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
