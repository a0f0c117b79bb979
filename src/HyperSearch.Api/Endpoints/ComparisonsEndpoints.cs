using HyperSearch.Api.Contracts;
using HyperSearch.Api.Hosting;
using HyperSearch.Search;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

public static class ComparisonsEndpoints
{
    public static IEndpointRouteBuilder MapComparisonsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/comparisons").WithTags("Comparisons");
        group.MapPost("", CreateComparison)
            .WithName("CreateComparison")
            .WithSummary("Run a random and a grid search on the same space, data split, seed and trial budget.")
            .Accepts<SearchSpecDocument>("application/json")
            .ProducesValidationProblem();
        group.MapGet("", ListComparisons).WithName("ListComparisons").WithSummary("Comparisons, newest first, paged.");
        group.MapGet("/{id:guid}", GetComparison)
            .WithName("GetComparison")
            .WithSummary("Both searches' status, best-so-far curves, distinct values tried per parameter, best accuracies and wall times.");
        return app;
    }

    internal static async Task<Results<Created<ComparisonResponse>, ValidationProblem>> CreateComparison(
        HttpRequest request, SearchService service, ISearchStore store, SearchViews views, CancellationToken ct)
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
                var (comparison, _, _) = await service.CreateComparisonAsync(doc!.RootElement, ct);
                return TypedResults.Created($"/api/comparisons/{comparison.Id}", await BuildAsync(comparison, store, views, null, ct));
            }
            catch (SpecValidationException ex)
            {
                return JsonBody.Problem(ex.Errors);
            }
        }
    }

    internal static async Task<Results<Ok<PageResponse<ComparisonResponse>>, ValidationProblem>> ListComparisons(
        ISearchStore store, SearchViews views, CancellationToken ct, int offset = 0, int limit = 20)
    {
        if (Paging.Check(offset, limit) is { } bad)
        {
            return bad;
        }

        var page = await store.ListComparisonsAsync(offset, Math.Min(limit, 100), ct);
        var items = new List<ComparisonResponse>();
        foreach (var c in page.Items)
        {
            items.Add(await BuildAsync(c, store, views, null, ct));
        }

        return TypedResults.Ok(new PageResponse<ComparisonResponse>(items, page.Total, offset, limit));
    }

    internal static async Task<Results<Ok<ComparisonResponse>, ProblemHttpResult>> GetComparison(
        Guid id, ISearchStore store, SearchViews views, CancellationToken ct, double? target = null)
    {
        var comparison = await store.GetComparisonAsync(id, ct);
        return comparison is null ? NotFound.Problem("Comparison", id) : TypedResults.Ok(await BuildAsync(comparison, store, views, target, ct));
    }

    private static async Task<ComparisonResponse> BuildAsync(ComparisonRecord c, ISearchStore store, SearchViews views, double? target, CancellationToken ct)
    {
        var random = await store.GetSearchAsync(c.RandomSearchId, ct);
        var grid = await store.GetSearchAsync(c.GridSearchId, ct);
        var randomSide = await SideAsync(random!, store, views, target, ct);
        var gridSide = await SideAsync(grid!, store, views, target, ct);
        var status = (random!.Status, grid!.Status) switch
        {
            (SearchStatus.Completed, SearchStatus.Completed) => "completed",
            var (a, b) when a is SearchStatus.Cancelled || b is SearchStatus.Cancelled => "cancelled",
            var (a, b) when a is SearchStatus.Failed || b is SearchStatus.Failed => "failed",
            var (a, b) when a is SearchStatus.Queued && b is SearchStatus.Queued => "queued",
            _ => "running",
        };
        return new ComparisonResponse(c.Id, c.Name, c.Budget, status, target, randomSide, gridSide, c.CreatedAt);
    }

    private static async Task<ComparisonSideResponse> SideAsync(SearchRecord s, ISearchStore store, SearchViews views, double? target, CancellationToken ct)
    {
        var trials = await store.GetStageTrialsAsync(s.Id, 1, ct);
        var outcomes = trials
            .OrderBy(t => t.Index)
            .Select(t => new Search.TrialOutcome(t.Index, SearchDocuments.ReadHyperparameters(t.HyperparametersJson), t.ValidationAccuracy));
        var stats = ComparisonStatistics.Compute(outcomes, target);
        return new ComparisonSideResponse(
            await views.SummaryAsync(s, ct),
            stats.BestSoFar.Select(p => p.BestSoFar).ToList(),
            stats.DistinctValues,
            stats.FinalBest,
            stats.TrialsToTarget,
            SearchViews.WallSeconds(s),
            trials.Count);
    }
}
