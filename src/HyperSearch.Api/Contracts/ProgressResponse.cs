namespace HyperSearch.Api.Contracts;

/// <summary>Trial counts by status; <c>fraction</c> = finished / total.</summary>
public sealed record ProgressResponse(int Total, int Queued, int Running, int Completed, int Diverged, int Failed, int Cancelled, double Fraction, int Paused = 0, int Pruned = 0);
