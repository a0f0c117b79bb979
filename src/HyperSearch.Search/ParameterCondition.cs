namespace HyperSearch.Search;

/// <summary>
/// When a parameter matters: only while <see cref="Parent"/> takes one of <see cref="Values"/>
/// (momentum only for the momentum optimisers, the leaky slope only for leaky_relu, …).
/// </summary>
public sealed record ParameterCondition(string Parent, IReadOnlyList<object> Values);
