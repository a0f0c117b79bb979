namespace HyperSearch.Storage;

/// <summary>Lifecycle of a trial. Stored as lower-case text. Terminal: everything but Queued, Running and Paused.</summary>
public enum TrialStatus
{
    Queued,
    Running,
    Completed,
    Diverged,
    Failed,
    Cancelled,

    /// <summary>Waiting at an ASHA rung (its checkpoint stored) until it is promoted or the stage settles it as <see cref="Pruned"/>.</summary>
    Paused,

    /// <summary>Stopped early by a scheduler: not promoted past its rung (ASHA) or below the median (median stopping).</summary>
    Pruned,
}
