namespace HyperSearch.Storage;

/// <summary>Lifecycle of a trial. Stored as lower-case text. Terminal: everything but Queued and Running.</summary>
public enum TrialStatus
{
    Queued,
    Running,
    Completed,
    Diverged,
    Failed,
    Cancelled,
}
