using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

internal static class NotFound
{
    public static ProblemHttpResult Problem(string what, Guid id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"No {what.ToLowerInvariant()} has id {id}.");
}
