using System.Security.Claims;
using HyperSearch.Api.Contracts;
using HyperSearch.Api.Hosting.Auth;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

public static class TrialsEndpoints
{
    public static IEndpointRouteBuilder MapTrialsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/trials/{id:guid}", GetTrial)
            .WithTags("Trials")
            .WithName("GetTrial")
            .WithSummary("A trial with its per-epoch learning curves and per-layer diagnostics (readable while it runs).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status500InternalServerError);
        return app;
    }

    internal static async Task<Results<Ok<TrialDetailResponse>, ProblemHttpResult>> GetTrial(Guid id, ISearchStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        var trial = await store.GetTrialAsync(id, ct);
        var search = trial is null ? null : Caller.Visible(user, await store.GetSearchAsync(trial.SearchId, ct));
        if (trial is null || search is null)
        {
            return NotFound.Problem("Trial", id);
        }

        var epochs = await store.GetEpochsAsync(id, ct);
        var layers = await store.GetDiagnosticsAsync(id, ct);
        // A TPE trial not proposed yet has no hyperparameters, so no architecture.
        var architecture = trial.HyperparametersJson == DapperSearchStore.Unproposed
            ? null
            : SanityArchitecture.Describe(SearchDocuments.ReadHyperparameters(trial.HyperparametersJson));
        var checks = architecture is not null && search.SanityJson is { } sanity ? SanityReport.Read(sanity).For(architecture) : null;
        return TypedResults.Ok(new TrialDetailResponse(
            TrialResponse.From(trial),
            epochs.Select(EpochResponse.From).ToList(),
            layers.Select(LayerDiagnosticsResponse.From).ToList(),
            architecture,
            checks is null ? null : ArchitectureSanityResponse.From(checks)));
    }
}
