namespace HyperSearch.Storage;

/// <summary>Filter, sort and page for a search's trials. Label: only trials diagnosed with it (docs/dashboard.md).</summary>
public sealed record TrialQuery(
    int? Stage = null,
    TrialStatus? Status = null,
    bool? Overfit = null,
    TrialSort Sort = TrialSort.Index,
    bool Descending = false,
    int Offset = 0,
    int Limit = 100,
    string? Label = null);
