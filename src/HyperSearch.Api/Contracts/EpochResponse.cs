namespace HyperSearch.Api.Contracts;

/// <summary>One epoch of a trial: losses include the L2 term; accuracies are of the model at the end of the epoch.</summary>
public sealed record EpochResponse(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double LearningRate, double Seconds);
