namespace HyperSearch.Engine;

/// <summary>One mini-batch of a range test: its learning rate, its objective before the update, and the bias-corrected moving average up to it.</summary>
public sealed record LearningRatePoint(double LearningRate, double Loss, double SmoothedLoss);
