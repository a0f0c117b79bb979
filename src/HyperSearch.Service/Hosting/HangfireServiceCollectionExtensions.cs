using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HyperSearch.Service.Hosting;

public static class HangfireServiceCollectionExtensions
{
    public const string ServerNamePrefix = "hypersearch";

    /// <summary>
    /// Hangfire with its storage built inside a service factory (no static JobStorage.Current, so several
    /// hosts can live in one test process) and, when <paramref name="runServer"/>, a server with one worker
    /// per core. Postgres mode shares the Postgres database (Hangfire's own schema); embedded mode keeps
    /// the queue in memory and re-enqueues unfinished trials from the store at start-up.
    /// </summary>
    public static IServiceCollection AddHyperSearchHangfire(this IServiceCollection services, bool runServer)
    {
        services.AddSingleton<JobStorage>(sp =>
        {
            // Hangfire's log provider is process-wide; point it at this host's logger factory before
            // anything logs, so a host started after another one was disposed never sees a dead factory.
            GlobalConfiguration.Configuration.UseLogProvider(new AspNetCoreLogProvider(sp.GetRequiredService<ILoggerFactory>()));
            var settings = sp.GetRequiredService<StorageSettings>();
            var options = sp.GetRequiredService<IOptions<HyperSearchOptions>>().Value;
            if (settings.Mode == StorageMode.Postgres)
            {
                var pg = new PostgreSqlStorageOptions
                {
                    QueuePollInterval = TimeSpan.FromMilliseconds(Math.Max(50, options.QueuePollMilliseconds)),
                    // A killed worker's fetched job becomes visible again after this; live workers keep sliding it.
                    UseSlidingInvisibilityTimeout = true,
                    InvisibilityTimeout = TimeSpan.FromMinutes(1),
                    PrepareSchemaIfNecessary = true,
                    SchemaName = "hangfire",
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(settings.ConnectionString, pg), pg);
            }

            return new InMemoryStorage(new InMemoryStorageOptions());
        });

        services.AddHangfire((sp, cfg) => cfg
            .UseLogProvider(new AspNetCoreLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        // This host's filters (JobFailureFilter) next to Hangfire's attribute and global ones, for the client and the server.
        services.Replace(ServiceDescriptor.Singleton<Hangfire.Common.IJobFilterProvider>(sp => new Jobs.HostJobFilterProvider(sp)));

        if (runServer)
        {
            services.AddHangfireServer((sp, server) =>
            {
                var options = sp.GetRequiredService<IOptions<HyperSearchOptions>>().Value;
                server.WorkerCount = options.EffectiveWorkers;
                server.ServerName = $"{ServerNamePrefix}:{Environment.MachineName}:{Environment.ProcessId}";
                server.Queues = ["default"];
                server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
                server.ShutdownTimeout = TimeSpan.FromSeconds(5);
            });
        }

        return services;
    }
}
