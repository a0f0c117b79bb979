using System.Security.Claims;
using Hangfire;
using HyperSearch.Api.Contracts;
using HyperSearch.Api.Hosting.Auth;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Hosting;
using HyperSearch.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth)
            .WithName("GetHealth")
            .WithTags("Health")
            .WithSummary("Store and Hangfire status; 200 when both answer, 503 otherwise. Public; with access control on, anonymous callers get the status alone.")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .AllowAnonymous();
        return app;
    }

    internal static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>, JsonHttpResult<PublicHealthResponse>>> GetHealth(
        ISearchStore store, JobStorage jobs, StorageSettings settings, DatasetProvider datasets, ClaimsPrincipal user, AuthState auth, CancellationToken ct)
    {
        bool storeOk;
        string? storeError = null;
        try
        {
            storeOk = await store.PingAsync(ct);
        }
        catch (Exception ex)
        {
            storeOk = false;
            storeError = ex.Message;
        }

        bool hangfireOk;
        int servers = 0, workers = 0;
        string? hangfireError = null;
        try
        {
            var monitor = jobs.GetMonitoringApi();
            var list = monitor.Servers();
            servers = list.Count;
            workers = list.Sum(s => s.WorkersCount);
            hangfireOk = true;
        }
        catch (Exception ex)
        {
            hangfireOk = false;
            hangfireError = ex.Message;
        }

        var healthy = storeOk && hangfireOk;
        if (auth.Enabled && user.Identity?.IsAuthenticated != true)
        {
            return TypedResults.Json(new PublicHealthResponse(healthy ? "healthy" : "unhealthy"), statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }

        var body = new HealthResponse(
            healthy ? "healthy" : "unhealthy",
            settings.Mode == StorageMode.Postgres ? "postgres" : "embedded",
            new StoreHealth(store.Provider, storeOk, storeError),
            new HangfireHealth(hangfireOk, servers, workers, hangfireError),
            DatasetCacheHealth.From(datasets.Stats),
            WorkerIdentity.Current);
        return healthy ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
