namespace HyperSearch.Api.Contracts;

/// <summary>
/// What a range test suggests (docs/api.md gives the rule): <c>learningRate</c> to train with, the range
/// [<c>min</c>, <c>max</c>] (log scale) to search, the learning rate of the steepest descent of the smoothed
/// loss (<c>steepest</c>), of its lowest value (<c>minimum</c>), and the one at which the loss blew up
/// (<c>divergedAt</c>; null when it never did). <c>falling</c> is false when the loss never fell: raise maxLr.
/// </summary>
public sealed record LearningRateSuggestionResponse(double LearningRate, double Min, double Max, double Steepest, double Minimum, double? DivergedAt, bool Falling);
