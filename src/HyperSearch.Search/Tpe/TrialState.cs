namespace HyperSearch.Search.Tpe;

/// <summary>How a finished trial ended, as TPE ranks it.</summary>
public enum TrialState
{
    /// <summary>Trained to the end: ranked by its objective.</summary>
    Complete,

    /// <summary>Stopped early by a scheduler: ranked after every complete trial, by fidelity (epochs reached, higher first), then objective.</summary>
    Pruned,

    /// <summary>Diverged or failed: always among the bad trials, whatever its objective says.</summary>
    Failed,
}
