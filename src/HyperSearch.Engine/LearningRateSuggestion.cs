namespace HyperSearch.Engine;

/// <summary>
/// What a range test suggests (the rule is <see cref="LearningRateRangeTest.Suggest"/>'s): a learning rate
/// to train with (<see cref="LearningRate"/>) and a range to search,
/// [<see cref="Min"/>, <see cref="Max"/>], log scale. <see cref="Minimum"/> is the learning rate of the lowest
/// smoothed loss; <see cref="DivergedAt"/> the one at which the test stopped because the loss blew up (null
/// when it reached the largest learning rate). <see cref="Falling"/> is false when the smoothed loss never
/// fell: the test's range was too low (or the model cannot learn), and the suggestion is only its best guess.
/// </summary>
public sealed record LearningRateSuggestion(double LearningRate, double Min, double Max, double Steepest, double Minimum, double? DivergedAt, bool Falling);
