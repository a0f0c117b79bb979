namespace HyperSearch.Storage.Internal;

/// <summary>Statuses are stored as lower-case enum names (the CHECK constraints list them).</summary>
internal static class StatusText
{
    public static string Of(SearchStatus status) => status switch
    {
        SearchStatus.Queued => "queued",
        SearchStatus.Running => "running",
        SearchStatus.Completed => "completed",
        SearchStatus.Cancelled => "cancelled",
        SearchStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown search status."),
    };

    public static string Of(TrialStatus status) => status switch
    {
        TrialStatus.Queued => "queued",
        TrialStatus.Running => "running",
        TrialStatus.Completed => "completed",
        TrialStatus.Diverged => "diverged",
        TrialStatus.Failed => "failed",
        TrialStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown trial status."),
    };

    public static SearchStatus ParseSearch(string text) => text switch
    {
        "queued" => SearchStatus.Queued,
        "running" => SearchStatus.Running,
        "completed" => SearchStatus.Completed,
        "cancelled" => SearchStatus.Cancelled,
        "failed" => SearchStatus.Failed,
        _ => throw new InvalidOperationException($"Unknown search status '{text}' in the database."),
    };

    public static TrialStatus ParseTrial(string text) => text switch
    {
        "queued" => TrialStatus.Queued,
        "running" => TrialStatus.Running,
        "completed" => TrialStatus.Completed,
        "diverged" => TrialStatus.Diverged,
        "failed" => TrialStatus.Failed,
        "cancelled" => TrialStatus.Cancelled,
        _ => throw new InvalidOperationException($"Unknown trial status '{text}' in the database."),
    };

    public static bool IsTerminal(SearchStatus status) =>
        status is SearchStatus.Completed or SearchStatus.Cancelled or SearchStatus.Failed;

    public static bool IsTerminal(TrialStatus status) =>
        status is not (TrialStatus.Queued or TrialStatus.Running);
}
