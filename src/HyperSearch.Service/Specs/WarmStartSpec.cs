namespace HyperSearch.Service.Specs;

/// <summary>
/// <c>"warmStart": {"searchId": …}</c>: an earlier search of the caller on the same dataset whose trials,
/// finished when this search was submitted, seed this one (TPE history; stage 1's refinement).
/// </summary>
public sealed record WarmStartSpec(Guid SearchId);
