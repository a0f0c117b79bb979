namespace HyperSearch.Storage;

/// <summary>One page of a larger result.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);
