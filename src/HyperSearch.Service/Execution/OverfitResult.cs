namespace HyperSearch.Service.Execution;

/// <summary>Tiny-subset check: whether <see cref="Examples"/> examples reached 100 % training accuracy within <see cref="Steps"/> steps.</summary>
public sealed record OverfitResult(int Examples, int Steps, double FinalLoss, double TrainAccuracy, bool Passed);
