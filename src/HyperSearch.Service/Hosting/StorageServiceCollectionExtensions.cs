using HyperSearch.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HyperSearch.Service.Hosting;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers options, the resolved <see cref="StorageSettings"/> and the <see cref="ISearchStore"/> for that backend.</summary>
    public static IServiceCollection AddHyperSearchStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HyperSearchOptions>().Bind(configuration.GetSection(HyperSearchOptions.Section));
        services.AddSingleton(sp => StorageSettings.From(configuration, sp.GetRequiredService<IOptions<HyperSearchOptions>>().Value));
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<StorageSettings>();
            var builder = new NpgsqlDataSourceBuilder(settings.Mode == StorageMode.Postgres ? settings.ConnectionString : "Host=unused");
            return builder.Build();
        });
        services.AddSingleton<ISearchStore>(sp =>
        {
            var settings = sp.GetRequiredService<StorageSettings>();
            return settings.Mode == StorageMode.Postgres
                ? new PostgresSearchStore(sp.GetRequiredService<NpgsqlDataSource>())
                : new SqliteSearchStore(settings.ConnectionString);
        });
        return services;
    }

    /// <summary>
    /// Applies the migrations for the configured backend (DbUp journals them: safe to run at every start).
    /// Throws <see cref="StorageUnavailableException"/> with one readable line when the database cannot be reached.
    /// </summary>
    public static StorageSettings MigrateHyperSearchStorage(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = services.GetRequiredService<StorageSettings>();
        try
        {
            if (settings.Mode == StorageMode.Postgres)
            {
                DatabaseMigrator.MigratePostgres(settings.ConnectionString);
            }
            else
            {
                DatabaseMigrator.MigrateSqlite(settings.ConnectionString);
            }
        }
        catch (Exception ex)
        {
            var detail = ex is DatabaseMigrationException ? ex.Message : Innermost(ex).Message;
            throw new StorageUnavailableException(
                $"cannot open the {settings.Mode.ToString().ToLowerInvariant()} store at {settings.Description}: {detail}", ex);
        }

        return settings;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }
}
