namespace HyperSearch.Api.Contracts;

/// <summary>One mini-batch of a range test: its learning rate, its loss before the update, and the bias-corrected moving average of the loss (null when not finite).</summary>
public sealed record LearningRatePointResponse(double LearningRate, double? Loss, double? SmoothedLoss);
