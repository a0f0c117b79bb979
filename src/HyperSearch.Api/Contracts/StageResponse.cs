using System.Text.Json;

namespace HyperSearch.Api.Contracts;

/// <summary>One stage: the space (ranges) it sampled from, its trial count and epochs, and its progress.</summary>
public sealed record StageResponse(
    int Stage, int Trials, int Epochs, JsonElement Space, ProgressResponse Progress, DateTimeOffset CreatedAt, JsonElement? Scheduler = null, IReadOnlyList<RungResponse>? Rungs = null);
