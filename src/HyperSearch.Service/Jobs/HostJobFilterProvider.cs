using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Service.Jobs;

/// <summary>
/// The job filters of this host: Hangfire's own (the job methods' attributes, such as AutomaticRetry, and
/// the global list) plus the filters registered in this host's container. Replaces the global-only
/// provider Hangfire registers, so each host (and each test host in one process) has its own filters
/// bound to its own services, and no host adds to Hangfire's process-wide filter list.
/// </summary>
public sealed class HostJobFilterProvider(IServiceProvider services) : IJobFilterProvider
{
    public IEnumerable<JobFilter> GetFilters(Job job)
    {
        foreach (var filter in JobFilterProviders.Providers.GetFilters(job))
        {
            yield return filter;
        }

        foreach (var filter in services.GetServices<IJobFilter>())
        {
            yield return new JobFilter(filter, JobFilterScope.Global, filter.Order);
        }
    }
}
