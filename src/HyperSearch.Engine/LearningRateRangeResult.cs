namespace HyperSearch.Engine;

/// <summary>A range test's curve (one point per mini-batch trained, the last one the divergence when it stopped early) and its suggestion.</summary>
public sealed record LearningRateRangeResult(IReadOnlyList<LearningRatePoint> Points, LearningRateSuggestion Suggestion, bool Diverged, string? DivergenceReason);
