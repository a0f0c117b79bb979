using Microsoft.Extensions.Configuration;

namespace HyperSearch.Service.Hosting;

/// <summary>
/// Resolved from configuration once: <c>ConnectionStrings:Postgres</c> switches the store and Hangfire
/// to Postgres; without it the service runs embedded on a SQLite file under the data directory.
/// </summary>
public sealed record StorageSettings(StorageMode Mode, string ConnectionString, string Description)
{
    public static StorageSettings From(IConfiguration configuration, HyperSearchOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            var b = new Npgsql.NpgsqlConnectionStringBuilder(postgres);
            return new StorageSettings(StorageMode.Postgres, postgres, $"postgres://{b.Host}:{b.Port}/{b.Database}");
        }

        var dir = Path.GetFullPath(options.DataDirectory);
        var file = Path.Combine(dir, "hypersearch.db");
        return new StorageSettings(StorageMode.Embedded, $"Data Source={file};Pooling=True", $"sqlite://{file}");
    }
}
