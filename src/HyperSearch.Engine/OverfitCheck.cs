namespace HyperSearch.Engine;

/// <summary>
/// Result of the lecture's second sanity check: full-batch training on the first Examples rows with
/// λ = 0. TrainAccuracy and FinalLoss are eval-mode figures on those rows; Passed when accuracy
/// reached 100 % within the step budget (Steps is the number of updates taken).
/// </summary>
public sealed record OverfitCheck(int Examples, int Steps, double FinalLoss, double TrainAccuracy, bool Passed);
