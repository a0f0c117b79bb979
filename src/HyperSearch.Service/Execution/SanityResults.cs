namespace HyperSearch.Service.Execution;

/// <summary>
/// The lecture's learning-process checks, run before stage 1 on the first architecture: the initial
/// loss with small weights and λ = 0 should be ≈ ln C and rise when λ is raised; and the model must be
/// able to overfit a tiny subset (20 examples, λ = 0) to 100 % training accuracy.
/// </summary>
public sealed record SanityResults(
    string Architecture,
    InitialLossResult InitialLoss,
    OverfitResult OverfitSmallSubset,
    bool Passed,
    string? Error = null);

/// <summary>Initial-loss check: measured loss, its expectation ln C, and the loss once λ is raised.</summary>
public sealed record InitialLossResult(double Loss, double Expected, double Regularization, double LossWithRegularization, bool RisesWithRegularization, bool Passed);

/// <summary>Tiny-subset check: whether <see cref="Examples"/> examples reached 100 % training accuracy within <see cref="Steps"/> steps.</summary>
public sealed record OverfitResult(int Examples, int Steps, double FinalLoss, double TrainAccuracy, bool Passed);
