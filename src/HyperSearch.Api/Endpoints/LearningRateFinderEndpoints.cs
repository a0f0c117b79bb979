using System.Security.Claims;
using HyperSearch.Api.Contracts;
using HyperSearch.Api.Hosting;
using HyperSearch.Api.Hosting.Auth;
using HyperSearch.Service.Execution;
using HyperSearch.Service.Specs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

public static class LearningRateFinderEndpoints
{
    public static IEndpointRouteBuilder MapLearningRateFinderApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/lr-finder").WithTags("Learning-rate finder").ProducesProblem(StatusCodes.Status500InternalServerError);
        group.MapPost("", FindLearningRate)
            .WithName("FindLearningRate")
            .WithSummary("Learning-rate range test (Smith 2017): train one model for a few hundred mini-batches while the learning rate grows exponentially, and report the loss against it with the suggested learning rate and range. Synchronous (at most 1000 mini-batches; one test at a time per process).")
            .Accepts<LearningRateFinderDocument>("application/json")
            .ProducesValidationProblem();
        return app;
    }

    internal static async Task<Results<Ok<LearningRateFinderResponse>, ValidationProblem>> FindLearningRate(
        HttpRequest request, ClaimsPrincipal user, LearningRateFinder finder, CancellationToken ct)
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
                var run = await finder.RunAsync(doc!.RootElement, Caller.Filter(user), ct);
                return TypedResults.Ok(LearningRateFinderResponse.From(run));
            }
            catch (SpecValidationException ex)
            {
                return JsonBody.Problem(ex.Errors);
            }
        }
    }
}
