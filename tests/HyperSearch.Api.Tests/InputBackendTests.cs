using System.Text.Json.Nodes;

namespace HyperSearch.Api.Tests;

/// <summary>
/// Like <see cref="BackendTests"/>, for tests of input handling: the real API host on SQLite or
/// (<see cref="UsePostgres"/>) a fresh PostgreSQL database, but with no Hangfire workers, so a
/// submitted search stays queued and nothing trains.
/// </summary>
public abstract class InputBackendTests : BackendTests
{
    protected override bool RunWorkers => false;

    /// <summary>
    /// A 400 answer in RFC 7807 form (application/problem+json, status 400) whose errors name exactly
    /// <paramref name="field"/> with a non-empty message; returns the errors object.
    /// </summary>
    protected static async Task<JsonObject> AssertProblemNamingAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"expected 400 naming '{field}', got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got {errors.ToJsonString()}");
        Assert.False(string.IsNullOrWhiteSpace(errors[field]![0]!.GetValue<string>()));
        return errors;
    }

    protected async Task<int> ComparisonCountAsync() => (await Api.GetAsync("/api/comparisons?limit=1"))["total"]!.GetValue<int>();
}
