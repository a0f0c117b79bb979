namespace HyperSearch.Core;

/// <summary>When a trial stops early or is promoted: the spec's "scheduler.kind".</summary>
public static class Schedulers
{
    /// <summary>No scheduler: every trial trains its full epochs.</summary>
    public const string None = "none";

    /// <summary>Asynchronous successive halving (Li et al., MLSys 2020).</summary>
    public const string Asha = "asha";

    /// <summary>The median stopping rule (Golovin et al., Vizier, KDD 2017).</summary>
    public const string Median = "median";

    public static Vocabulary All { get; } = new("scheduler.kind", None, Asha, Median);
}
