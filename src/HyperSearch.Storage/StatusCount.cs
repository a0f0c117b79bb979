namespace HyperSearch.Storage;

/// <summary>How many trials of one stage are in one status.</summary>
public sealed record StatusCount(int Stage, TrialStatus Status, int Count);
