using System.Globalization;
using HyperSearch.Service.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace HyperSearch.Benchmarks;

/// <summary>The real service in this process, embedded mode (SQLite under <c>dir</c>, in-memory Hangfire, N workers), migrated and started.</summary>
public static class EmbeddedService
{
    public static async Task<IHost> StartAsync(string dir, int workers)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HyperSearch:DataDirectory"] = dir,
            ["HyperSearch:Workers"] = workers.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddHyperSearchCore(builder.Configuration);
        builder.Services.AddHyperSearchHangfire(runServer: true);
        var host = builder.Build();
        host.Services.MigrateHyperSearchStorage();
        await host.StartAsync();
        return host;
    }
}
