namespace HyperSearch.Service.Execution;

/// <summary>Initial-loss check: measured loss, its expectation ln C, and the loss once λ is raised.</summary>
public sealed record InitialLossResult(double Loss, double Expected, double Regularization, double LossWithRegularization, bool RisesWithRegularization, bool Passed);
