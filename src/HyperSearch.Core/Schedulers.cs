namespace HyperSearch.Core;

/// <summary>When a trial stops early or is promoted: the spec's "scheduler.kind" (none = every trial trains its full epochs).</summary>
public static class Schedulers
{
    public const string None = "none";

    public static Vocabulary All { get; } = new("scheduler.kind", None);
}
