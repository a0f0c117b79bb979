namespace HyperSearch.Search;

/// <summary>A sampler's draw for a <see cref="PerChoiceDistribution"/>: a unit coordinate (random, Sobol) or a grid position.</summary>
internal sealed record PerChoiceDraw(double Unit, int GridIndex, int GridPoints);
