using System.Net;
using HyperSearch.Service.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace HyperSearch.Api.Hosting.Auth;

/// <summary>
/// Whether access control is on, and why: always in Postgres mode (a shared database is a shared
/// service) and whenever the service listens on an address other than loopback; otherwise (the embedded
/// default on localhost) only when <see cref="AuthSettings.Enabled"/>. Decided once, on first use after
/// the server has bound its addresses (the start-up line asks first), from the configured URLs and the
/// addresses the server actually bound — so code that configures Kestrel itself is seen too.
/// </summary>
public sealed class AuthState
{
    private readonly Lazy<(bool Enabled, string Reason)> _decision;

    public AuthState(IOptions<AuthSettings> settings, StorageSettings storage, IConfiguration configuration, IServer server)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(server);
        _decision = new Lazy<(bool, string)>(() =>
        {
            if (storage.Mode == StorageMode.Postgres)
            {
                return (true, "Postgres mode");
            }

            var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var open = ConfiguredUrls(configuration).Concat(bound).FirstOrDefault(u => !IsLoopbackUrl(u));
            if (open is not null)
            {
                return (true, $"listening on {open}");
            }

            return settings.Value.Enabled ? (true, "HyperSearch__Auth__Enabled=true") : (false, "embedded mode on loopback");
        });
    }

    public bool Enabled => _decision.Value.Enabled;

    /// <summary>For the start-up line: "access control on (Postgres mode)" or "… off (embedded mode on loopback; …)".</summary>
    public string Description => Enabled
        ? $"access control on ({_decision.Value.Reason}): API keys required"
        : $"access control off ({_decision.Value.Reason}; set HyperSearch__Auth__Enabled=true to require API keys)";

    /// <summary>The listen URLs configuration names (urls, http_ports/https_ports, Kestrel endpoints); none means Kestrel's default, localhost:5000.</summary>
    public static IReadOnlyList<string> ConfiguredUrls(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var urls = new List<string>();
        if (configuration["urls"] is { Length: > 0 } list)
        {
            urls.AddRange(list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        foreach (var key in new[] { "http_ports", "https_ports" })
        {
            if (configuration[key] is { Length: > 0 } ports)
            {
                // ASPNETCORE_HTTP_PORTS binds every interface (the container images set it).
                urls.AddRange(ports.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
            }
        }

        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());
        return urls;
    }

    /// <summary>True for localhost, 127.0.0.0/8 and [::1]; false for wildcards (*, +, 0.0.0.0, [::]) and any other host.</summary>
    public static bool IsLoopbackUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        var host = rest.Split('/')[0];
        if (host.StartsWith('['))
        {
            host = host[1..host.IndexOf(']', StringComparison.Ordinal)];
        }
        else if (host.LastIndexOf(':') is var colon and > 0)
        {
            host = host[..colon];
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
