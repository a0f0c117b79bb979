using System.Security.Claims;
using HyperSearch.Api.Contracts;
using HyperSearch.Api.Hosting;
using HyperSearch.Api.Hosting.Auth;
using HyperSearch.Core;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

public static class SearchesEndpoints
{
    public const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapSearchesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/searches").WithTags("Searches").ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapPost("", CreateSearch)
            .WithName("CreateSearch")
            .WithSummary("Submit a search job (random, grid or sobol; optional coarse-to-fine refinement).")
            .Accepts<SearchSpecDocument>("application/json")
            .ProducesValidationProblem();
        group.MapGet("", ListSearches).WithName("ListSearches").WithSummary("Searches, newest first, paged.");
        group.MapGet("/{id:guid}", GetSearch).WithName("GetSearch").WithSummary("A search: status, stages with ranges and progress, best trial, sanity checks, test accuracy.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/cancel", CancelSearch).WithName("CancelSearch").WithSummary("Cancel: running trials stop at their next batch; queued trials are dequeued.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/stages", ExtendSearch)
            .WithName("ExtendSearch")
            .WithSummary("Add one stage to a completed or running search: more trials, longer training, changed ranges or another strategy, learning from every trial so far.")
            .Accepts<StageExtensionDocument>("application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{id:guid}/trials", ListTrials).WithName("ListTrials").WithSummary("A search's trials, paged, filterable by stage/status/overfit/diagnosis label and sortable.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/trials/export", ExportTrials)
            .WithName("ExportTrials")
            .WithSummary("Every trial of a search, streamed as CSV (one column per hyperparameter, then the metrics) or JSON lines (one trial object per line).")
            .Produces<string>(StatusCodes.Status200OK, "text/csv", "application/x-ndjson")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/trials.csv", ExportTrialsCsv)
            .WithName("ExportTrialsCsv")
            .WithSummary("Every trial of a search, streamed as CSV: the same as /trials/export?format=csv, at an address that names the file.")
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/points", ListTrialPoints).WithName("ListTrialPoints").WithSummary("Every trial of a search as a compact point (id, stage, index, status, learning rate, λ, every varied hyperparameter, accuracies, overfit) for scatter and parallel-coordinates plots; not paged.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/importance", GetImportance)
            .WithName("GetImportance")
            .WithSummary("Which hyperparameters mattered, per stage: PED-ANOVA shares (summing to 1) over the stage's finished trials.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static async Task<Results<Created<SearchResponse>, ValidationProblem>> CreateSearch(
        HttpRequest request, ClaimsPrincipal user, SearchService service, SearchViews views, CancellationToken ct)
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
                var search = await service.CreateSearchAsync(doc!.RootElement, Caller.Owner(user), Caller.Filter(user), ct, s => Caller.CanAccess(user, s.Owner));
                return TypedResults.Created($"/api/searches/{search.Id}", await views.SearchAsync(search, ct));
            }
            catch (SpecValidationException ex)
            {
                return JsonBody.Problem(ex.Errors);
            }
        }
    }

    internal static async Task<Results<Created<SearchResponse>, ValidationProblem, ProblemHttpResult>> ExtendSearch(
        Guid id, HttpRequest request, ClaimsPrincipal user, SearchService service, ISearchStore store, SearchViews views, CancellationToken ct)
    {
        if (Caller.Visible(user, await store.GetSearchAsync(id, ct)) is null)
        {
            return NotFound.Problem("Search", id);
        }

        var (doc, problem) = await JsonBody.ReadAsync(request, ApiHostingExtensions.MaxJsonBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        using (doc)
        {
            try
            {
                var search = await service.ExtendAsync(id, doc!.RootElement, ct);
                return search is null
                    ? NotFound.Problem("Search", id)
                    : TypedResults.Created($"/api/searches/{search.Id}", await views.SearchAsync(search, ct));
            }
            catch (SpecValidationException ex)
            {
                return JsonBody.Problem(ex.Errors);
            }
            catch (SearchConflictException ex)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The search cannot be extended", detail: ex.Message);
            }
        }
    }

    internal static async Task<Results<Ok<PageResponse<SearchSummaryResponse>>, ValidationProblem>> ListSearches(
        ISearchStore store, SearchViews views, ClaimsPrincipal user, CancellationToken ct, int offset = 0, int limit = 50)
    {
        if (Paging.Check(offset, limit) is { } bad)
        {
            return bad;
        }

        var page = await store.ListSearchesAsync(Caller.Filter(user), offset, limit, ct);
        var items = await views.SummariesAsync(page.Items, ct);
        return TypedResults.Ok(new PageResponse<SearchSummaryResponse>(items, page.Total, offset, limit));
    }

    internal static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> GetSearch(Guid id, ISearchStore store, SearchViews views, ClaimsPrincipal user, CancellationToken ct)
    {
        var search = Caller.Visible(user, await store.GetSearchAsync(id, ct));
        return search is null ? NotFound.Problem("Search", id) : TypedResults.Ok(await views.SearchAsync(search, ct));
    }

    internal static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> CancelSearch(
        Guid id, SearchService service, ISearchStore store, SearchViews views, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Caller.Visible(user, await store.GetSearchAsync(id, ct)) is null)
        {
            return NotFound.Problem("Search", id);
        }

        var search = await service.CancelAsync(id, ct);
        return search is null ? NotFound.Problem("Search", id) : TypedResults.Ok(await views.SearchAsync(search, ct));
    }

    private static readonly Vocabulary DiagnosisVocabulary = new("label", [.. Engine.TrainingDiagnosis.Labels]);

    internal static async Task<Results<Ok<PageResponse<TrialResponse>>, ValidationProblem, ProblemHttpResult>> ListTrials(
        Guid id,
        ISearchStore store,
        ClaimsPrincipal user,
        CancellationToken ct,
        int? stage = null,
        string? status = null,
        bool? overfit = null,
        string? label = null,
        string? sort = null,
        string? order = null,
        int offset = 0,
        int limit = 100)
    {
        if (Caller.Visible(user, await store.GetSearchAsync(id, ct)) is null)
        {
            return NotFound.Problem("Search", id);
        }

        if (Paging.Check(offset, limit) is { } bad)
        {
            return bad;
        }

        TrialStatus? statusFilter = null;
        if (status is not null)
        {
            // Exact names only: Enum.TryParse would take "7" or "completed,failed" as some other filter.
            if (!EnumNames<TrialStatus>.TryParse(status, out var st))
            {
                return JsonBody.Problem("status", EnumNames<TrialStatus>.Vocabulary("status").Unknown(status));
            }

            statusFilter = st;
        }

        if (label is not null && !DiagnosisVocabulary.Contains(label))
        {
            return JsonBody.Problem("label", DiagnosisVocabulary.Unknown(label));
        }

        var sortKey = TrialSort.Index;
        if (sort is not null && !EnumNames<TrialSort>.TryParse(sort, out sortKey))
        {
            return JsonBody.Problem("sort", EnumNames<TrialSort>.Vocabulary("sort").Unknown(sort));
        }

        if (order is not null && order is not ("asc" or "desc"))
        {
            return JsonBody.Problem("order", "order must be 'asc' or 'desc'.");
        }

        var page = await store.GetTrialsAsync(id, new TrialQuery(stage, statusFilter, overfit, sortKey, order == "desc", offset, limit, label), ct);
        return TypedResults.Ok(new PageResponse<TrialResponse>(page.Items.Select(TrialResponse.From).ToList(), page.Total, offset, limit));
    }

    internal static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> ExportTrials(
        Guid id, HttpRequest request, ISearchStore store, ClaimsPrincipal user, CancellationToken ct, string? format = null)
    {
        if (Caller.Visible(user, await store.GetSearchAsync(id, ct)) is null)
        {
            return NotFound.Problem("Search", id);
        }

        // ?format= wins; otherwise the Accept type the client prefers most; CSV is the default.
        format ??= TrialExport.Negotiate(request.GetTypedHeaders().Accept);
        if (!TrialExport.Formats.Contains(format))
        {
            return JsonBody.Problem("format", $"format must be one of: {string.Join(", ", TrialExport.Formats)} (got '{format}').");
        }

        return Stream(store, id, format, ct);
    }

    internal static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ExportTrialsCsv(Guid id, ISearchStore store, ClaimsPrincipal user, CancellationToken ct) =>
        Caller.Visible(user, await store.GetSearchAsync(id, ct)) is null
            ? NotFound.Problem("Search", id)
            : Stream(store, id, TrialExport.Csv, ct);

    private static PushStreamHttpResult Stream(ISearchStore store, Guid id, string format, CancellationToken ct)
    {
        var csv = format == TrialExport.Csv;
        return TypedResults.Stream(
            body => TrialExport.WriteAsync(store, id, format, body, MaxPageSize, ct),
            csv ? TrialExport.CsvContentType : TrialExport.JsonLinesContentType,
            $"search-{id}-trials.{(csv ? "csv" : "jsonl")}");
    }

    internal static async Task<Results<Ok<List<TrialPointResponse>>, ProblemHttpResult>> ListTrialPoints(Guid id, ISearchStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        if (Caller.Visible(user, await store.GetSearchAsync(id, ct)) is null)
        {
            return NotFound.Problem("Search", id);
        }

        var varied = SearchImportance.VariedParameters(await store.GetStagesAsync(id, ct)).ToHashSet(StringComparer.Ordinal);

        // Pages of the store's largest page size in (stage, index) order; a stage added meanwhile only appends.
        List<TrialPointResponse>? points = null;
        for (var offset = 0; ; offset += MaxPageSize)
        {
            var page = await store.GetTrialsAsync(id, new TrialQuery(Sort: TrialSort.Index, Offset: offset, Limit: MaxPageSize), ct);
            points ??= new List<TrialPointResponse>(page.Total);
            foreach (var t in page.Items)
            {
                points.Add(TrialPointResponse.From(t, varied));
            }

            if (page.Items.Count < MaxPageSize)
            {
                return TypedResults.Ok(points);
            }
        }
    }

    internal static async Task<Results<Ok<ImportanceResponse>, ValidationProblem, ProblemHttpResult>> GetImportance(
        Guid id, ISearchStore store, ClaimsPrincipal user, CancellationToken ct, string? top = null)
    {
        if (Caller.Visible(user, await store.GetSearchAsync(id, ct)) is null)
        {
            return NotFound.Problem("Search", id);
        }

        var quantile = Search.Importance.ParameterImportance.DefaultTopQuantile;
        if (top is not null
            && !(double.TryParse(top, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out quantile) && quantile > 0 && quantile <= 1))
        {
            return JsonBody.Problem("top", $"top must be a number in (0, 1], the share of trials counted as top (got '{top}').");
        }

        var stages = await store.GetStagesAsync(id, ct);
        var trials = new List<TrialRecord>();
        foreach (var stage in stages)
        {
            trials.AddRange(await store.GetStageTrialsAsync(id, stage.Stage, ct));
        }

        var importance = SearchImportance.Compute(stages, trials, quantile);
        return TypedResults.Ok(new ImportanceResponse(id, quantile, importance.Select(StageImportanceResponse.From).ToList()));
    }
}
