namespace HyperSearch.Storage;

/// <summary>Lifecycle of a search. Stored as lower-case text.</summary>
public enum SearchStatus
{
    Queued,
    Running,
    Completed,
    Cancelled,
    Failed,
}
