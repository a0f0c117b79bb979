using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>A comparison as read: its record, its overall status, the random and grid arms and every arm (those two first).</summary>
/// <param name="Status">completed when every arm completed; cancelled or failed when one was; queued when all wait; running otherwise.</param>
public sealed record ComparisonView(ComparisonRecord Comparison, string Status, ComparisonSide Random, ComparisonSide Grid, IReadOnlyList<ComparisonSide> Arms);
