namespace HyperSearch.Search.Tpe;

/// <summary>
/// Whether a parameter mattered in a trial: an inactive value (momentum under adam, width of a network
/// with no hidden layer) is left out of that dimension's estimators, as Optuna fits each conditional
/// group on the trials that have it.
/// </summary>
internal static class TpeActivity
{
    // The one place to switch to Hyperparameters.IsActive(name) when conditional parameters (issue 11)
    // land; until then the registry's own conditions decide, which is what that method will read for them.
    public static bool IsActive(Hyperparameters trial, string name)
    {
        if (trial.Get(name) is null)
        {
            return false;
        }

        var condition = Parameters.Get(name).Condition;
        return condition is null || condition.Values.Contains(trial.Get(condition.Parent), ValueComparer.Instance);
    }
}
