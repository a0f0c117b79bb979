namespace HyperSearch.Search.Importance;

/// <summary>One varied parameter's share of the importance (≥ 0; a search's shares sum to 1).</summary>
/// <param name="Divergence">The raw Pearson divergence the share is normalised from (0 = the top trials look like all of them).</param>
public sealed record ParameterShare(string Name, double Share, double Divergence);
