namespace HyperSearch.Storage;

/// <summary>Filter, sort and page for a search's trials.</summary>
public sealed record TrialQuery(
    int? Stage = null,
    TrialStatus? Status = null,
    bool? Overfit = null,
    TrialSort Sort = TrialSort.Index,
    bool Descending = false,
    int Offset = 0,
    int Limit = 100);
