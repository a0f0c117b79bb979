namespace HyperSearch.Api.Contracts;

/// <summary>One page of a list: <c>total</c> counts every item the filter matched.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);
