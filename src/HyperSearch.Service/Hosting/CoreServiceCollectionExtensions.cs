using HyperSearch.Data;
using HyperSearch.Engine;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HyperSearch.Service.Hosting;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Everything both hosts (API and Worker) share: the store, the process-wide dataset cache and tensor
    /// engine (one each, shared by all Hangfire workers of the process), the jobs and the search service.
    /// </summary>
    public static IServiceCollection AddHyperSearchCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHyperSearchStorage(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<StoreUploadedDatasetResolver>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<HyperSearchOptions>>().Value;
            return new DatasetCatalog(new DatasetOptions { DataDirectory = o.DatasetDirectory }, sp.GetRequiredService<StoreUploadedDatasetResolver>());
        });
        services.AddSingleton(sp => new DatasetCache(sp.GetRequiredService<DatasetCatalog>(), sp.GetRequiredService<IOptions<HyperSearchOptions>>().Value.DatasetCacheBytes));
        services.AddSingleton<DatasetProvider>();
        services.AddSingleton(_ => TensorEngine.Shared);

        services.AddSingleton<TrialCancellation>();
        services.AddSingleton<SearchPlanner>();
        services.AddSingleton<IJobQueue, HangfireJobQueue>();
        services.AddTransient<TrialJobs>();
        services.AddTransient<SearchJobs>();
        services.AddSingleton<SearchService>();
        services.AddSingleton<LearningRateFinder>();
        services.AddSingleton<DatasetService>();
        services.AddSingleton<ComparisonQueries>();
        services.AddSingleton<IJobInventory, HangfireJobInventory>();
        // Hangfire's ASP.NET Core integration applies container-registered filters per host.
        services.AddSingleton<Hangfire.Common.IJobFilter, JobFailureFilter>();
        services.AddHostedService<RecoveryService>();
        return services;
    }
}
