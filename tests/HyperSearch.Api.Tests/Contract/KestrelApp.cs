using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Api.Tests.Contract;

/// <summary>
/// The real API host on a real Kestrel socket (Prism and the CLI talk HTTP to it from outside the
/// process), embedded storage in a fresh temp directory and two Hangfire workers; with <c>auth</c>, access
/// control is on (as a deployment runs it) with the bootstrap admin key <see cref="HyperSearchApp.AdminKey"/>.
/// </summary>
public sealed class KestrelApp : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "hs-contract-" + Guid.NewGuid().ToString("N"));

    private readonly bool _auth;

    public KestrelApp(bool auth = false)
    {
        _auth = auth;
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    /// <summary>http://127.0.0.1:port (no trailing slash), read after start.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public KestrelApp Start()
    {
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("The server exposes no addresses.");
        BaseAddress = new Uri(addresses.Addresses.First().TrimEnd('/'));
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("HyperSearch:DataDirectory", _dataDirectory);
        builder.UseSetting("HyperSearch:Workers", "2");
        builder.UseSetting("HyperSearch:LeaseSeconds", "5");
        builder.UseSetting("HyperSearch:Auth:Enabled", _auth ? "true" : "false");
        builder.UseSetting("HyperSearch:Auth:BootstrapKey", HyperSearchApp.AdminKey);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp directory is harmless.
            }
        }
    }
}
