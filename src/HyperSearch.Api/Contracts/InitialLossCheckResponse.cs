namespace HyperSearch.Api.Contracts;

/// <summary>
/// The lecture's first sanity check: with regularization off the initial loss should be ≈ ln C
/// (<c>expected</c>), and turning regularization up (<c>regularization</c>) should raise it. Numbers are
/// null when the check could not run.
/// </summary>
public sealed record InitialLossCheckResponse(double? Loss, double? Expected, double? Regularization, double? LossWithRegularization, bool RisesWithRegularization, bool Passed);
