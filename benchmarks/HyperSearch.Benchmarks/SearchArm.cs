namespace HyperSearch.Benchmarks;

/// <summary>
/// One arm of the search benchmark: a name printed on its lines and the spec it submits for a seed. The
/// spec is the service's own JSON, so the arm exercises exactly what a user's request would.
/// </summary>
internal sealed record SearchArm(string Name, string Description, Func<int, string> Spec);
