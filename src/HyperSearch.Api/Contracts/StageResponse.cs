using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// One stage: the space (ranges) it sampled from, its trial count and epochs, its progress, its strategy, and
/// whether it was added after the submit (<c>POST /api/searches/{id}/stages</c>).
/// </summary>
public sealed record StageResponse(
    int Stage, int Trials, int Epochs, JsonElement Space, ProgressResponse Progress, DateTimeOffset CreatedAt, JsonElement? Scheduler = null, IReadOnlyList<RungResponse>? Rungs = null,
    string Strategy = "random", bool Added = false);
