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
