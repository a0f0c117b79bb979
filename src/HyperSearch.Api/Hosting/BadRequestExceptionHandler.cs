using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace HyperSearch.Api.Hosting;

/// <summary>
/// A request the framework could not bind — a query value that is not a number (<c>?limit=abc</c>,
/// <c>?limit=1000?stage=1</c>), out of its type's range, or a bool that is not true/false — is the client's
/// error: a 400 problem naming the parameter, never the 500 the exception handler would otherwise answer.
/// The raw value is not echoed.
/// </summary>
public sealed partial class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not BadHttpRequestException bad || httpContext.Response.HasStarted)
        {
            return false;
        }

        // "Failed to bind parameter "Nullable<int> limit" from "abc"." / "Required parameter "int x" was not provided …"
        var match = Parameter().Match(bad.Message);
        var (name, type) = match.Success ? (match.Groups["name"].Value, match.Groups["type"].Value) : ("request", "");
        var expected = type switch
        {
            "int" or "Nullable<int>" or "long" or "Nullable<long>" => $"a whole number from {int.MinValue} to {int.MaxValue}",
            "bool" or "Nullable<bool>" => "true or false",
            "double" or "Nullable<double>" => "a number",
            "Guid" or "Nullable<Guid>" => "a GUID",
            _ => "a valid value",
        };
        var message = match.Success ? $"'{name}' must be {expected}." : "The request could not be read.";
        httpContext.Response.StatusCode = bad.StatusCode;
        await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] }).ExecuteAsync(httpContext);
        return true;
    }

    [GeneratedRegex("parameter \"(?:(?<type>[^\" ]+) )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial Regex Parameter();
}
