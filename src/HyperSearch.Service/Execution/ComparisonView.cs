using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>A comparison as read: its record, its overall status and both sides.</summary>
/// <param name="Status">completed when both searches completed; cancelled or failed when one was; queued when both wait; running otherwise.</param>
public sealed record ComparisonView(ComparisonRecord Comparison, string Status, ComparisonSide Random, ComparisonSide Grid);
