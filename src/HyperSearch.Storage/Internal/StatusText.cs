using HyperSearch.Core;

namespace HyperSearch.Storage.Internal;

/// <summary>
/// Statuses are stored as their wire names (<see cref="EnumNames{TEnum}"/>: lower-case member names), the
/// names the API and the dashboard show; the migrations' CHECK constraints list the same names (a test
/// compares them).
/// </summary>
internal static class StatusText
{
    public static string Of(SearchStatus status) => EnumNames<SearchStatus>.Of(status);

    public static string Of(TrialStatus status) => EnumNames<TrialStatus>.Of(status);

    public static SearchStatus ParseSearch(string text) =>
        EnumNames<SearchStatus>.TryParse(text, out var status) ? status : throw new InvalidOperationException($"Unknown search status '{text}' in the database.");

    public static TrialStatus ParseTrial(string text) =>
        EnumNames<TrialStatus>.TryParse(text, out var status) ? status : throw new InvalidOperationException($"Unknown trial status '{text}' in the database.");

    public static bool IsTerminal(SearchStatus status) =>
        status is SearchStatus.Completed or SearchStatus.Cancelled or SearchStatus.Failed;

    public static bool IsTerminal(TrialStatus status) =>
        status is not (TrialStatus.Queued or TrialStatus.Running or TrialStatus.Paused);
}
