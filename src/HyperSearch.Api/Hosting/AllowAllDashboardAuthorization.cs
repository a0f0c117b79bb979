using Hangfire.Dashboard;

namespace HyperSearch.Api.Hosting;

/// <summary>Opens /hangfire to remote clients; only used when HyperSearch:HangfireDashboardRemoteAccess is true.</summary>
internal sealed class AllowAllDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => true;
}
