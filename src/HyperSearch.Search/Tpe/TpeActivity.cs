namespace HyperSearch.Search.Tpe;

/// <summary>
/// Whether a parameter mattered in a trial: an inactive value (momentum under adam, width of a network
/// with no hidden layer) is left out of that dimension's estimators, as Optuna fits each conditional
/// group on the trials that have it.
/// </summary>
internal static class TpeActivity
{
    public static bool IsActive(Hyperparameters trial, string name) => trial.IsActive(name) && trial.Get(name) is not null;
}
