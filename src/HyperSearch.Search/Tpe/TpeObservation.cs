namespace HyperSearch.Search.Tpe;

/// <summary>
/// One finished trial as TPE (and <see cref="Importance.ParameterImportance"/>) sees it.
/// </summary>
/// <param name="Parameters">The hyperparameters it trained with.</param>
/// <param name="State">How it ended; a complete or pruned trial with a non-finite objective counts as failed.</param>
/// <param name="Objective">Validation accuracy (higher is better): the final one, or a pruned trial's value at its last rung.</param>
/// <param name="Fidelity">Epochs (or rung) the objective was measured at; only orders pruned trials.</param>
public sealed record TpeObservation(Hyperparameters Parameters, TrialState State, double Objective, int Fidelity = 0);
