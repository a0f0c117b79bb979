using System.Security.Claims;
using HyperSearch.Api.Contracts;
using HyperSearch.Api.Hosting;
using HyperSearch.Api.Hosting.Auth;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

public static class ComparisonsEndpoints
{
    public static IEndpointRouteBuilder MapComparisonsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/comparisons").WithTags("Comparisons").ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapPost("", CreateComparison)
            .WithName("CreateComparison")
            .WithSummary("Run a random and a grid search (and optionally one more arm, e.g. random + ASHA) on the same space, data split, seed and budget.")
            .Accepts<ComparisonSpecDocument>("application/json")
            .ProducesValidationProblem();
        group.MapGet("", ListComparisons).WithName("ListComparisons").WithSummary("Comparisons, newest first, paged (at most 100 per page).");
        group.MapGet("/{id:guid}", GetComparison)
            .WithName("GetComparison")
            .WithSummary("Both searches' status, best-so-far curves, distinct values tried per parameter, best accuracies and wall times.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Created<ComparisonResponse>, ValidationProblem>> CreateComparison(
        HttpRequest request, ClaimsPrincipal user, SearchService service, ComparisonQueries comparisons, SearchViews views, CancellationToken ct)
    {
        var (doc, problem) = await JsonBody.ReadAsync(request, ApiHostingExtensions.MaxJsonBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (doc)
        {
            try
            {
                var (comparison, _, _) = await service.CreateComparisonAsync(doc!.RootElement, Caller.Owner(user), Caller.Filter(user), ct);
                var view = (await comparisons.ViewsAsync([comparison], null, ct))[0];
                return TypedResults.Created($"/api/comparisons/{comparison.Id}", (await ResponsesAsync([view], null, views, ct))[0]);
            }
            catch (SpecValidationException ex)
            {
                return JsonBody.Problem(ex.Errors);
            }
        }
    }

    internal static async Task<Results<Ok<PageResponse<ComparisonResponse>>, ValidationProblem>> ListComparisons(
        ComparisonQueries comparisons, SearchViews views, ClaimsPrincipal user, CancellationToken ct, int offset = 0, int limit = 20)
    {
        if (Paging.Check(offset, limit) is { } bad)
        {
            return bad;
        }

        var page = await comparisons.ListAsync(Caller.Filter(user), offset, Math.Min(limit, 100), ct);
        return TypedResults.Ok(new PageResponse<ComparisonResponse>(await ResponsesAsync(page.Items, null, views, ct), page.Total, offset, limit));
    }

    internal static async Task<Results<Ok<ComparisonResponse>, ProblemHttpResult>> GetComparison(
        Guid id, ComparisonQueries comparisons, SearchViews views, ClaimsPrincipal user, CancellationToken ct, double? target = null)
    {
        var view = await comparisons.GetAsync(id, target, ct);
        return view is null || !Caller.CanAccess(user, view.Comparison.Owner) ? NotFound.Problem("Comparison", id) : TypedResults.Ok((await ResponsesAsync([view], target, views, ct))[0]);
    }

    private static async Task<IReadOnlyList<ComparisonResponse>> ResponsesAsync(IReadOnlyList<ComparisonView> views, double? target, SearchViews searches, CancellationToken ct)
    {
        var summaries = (await searches.SummariesAsync(views.SelectMany(v => v.Arms.Select(a => a.Search)).ToList(), ct)).ToDictionary(s => s.Id);
        ComparisonSideResponse Side(ComparisonSide side) => new(
            summaries[side.Search.Id],
            side.Statistics.BestSoFar.Select(p => p.BestSoFar).ToList(),
            side.Statistics.DistinctValues,
            side.Statistics.FinalBest,
            side.Statistics.TrialsToTarget,
            SearchViews.WallSeconds(side.Search),
            side.Trials,
            side.Name,
            side.EpochsSpent,
            side.BestByEffort.Select(p => new EffortPointResponse(p.Epochs, p.Seconds, p.BestSoFar)).ToList());
        return views.Select(v => new ComparisonResponse(
            v.Comparison.Id, v.Comparison.Name, v.Comparison.Budget, v.Status, target, Side(v.Random), Side(v.Grid), v.Comparison.CreatedAt,
            v.Arms.Select(Side).ToList())).ToList();
    }
}
