namespace HyperSearch.Api.Contracts;

/// <summary>The lecture's second sanity check: the model must drive the loss to ≈ 0 (training accuracy 1) on a tiny subset.</summary>
public sealed record OverfitCheckResponse(int Examples, int Steps, double? FinalLoss, double? TrainAccuracy, bool Passed);
