using Microsoft.AspNetCore.Http.HttpResults;

namespace HyperSearch.Api.Endpoints;

internal static class Paging
{
    public static ValidationProblem? Check(int offset, int limit)
    {
        if (offset < 0)
        {
            return JsonBody.Problem("offset", "offset must be ≥ 0.");
        }

        if (limit is < 1 or > SearchesEndpoints.MaxPageSize)
        {
            return JsonBody.Problem("limit", $"limit must be between 1 and {SearchesEndpoints.MaxPageSize}.");
        }

        return null;
    }
}
