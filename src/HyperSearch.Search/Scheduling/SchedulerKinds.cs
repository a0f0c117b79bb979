using HyperSearch.Core;

namespace HyperSearch.Search.Scheduling;

/// <summary>Scheduler names as they appear in the spec's <c>"kind"</c> (the counterpart of <see cref="Samplers"/>).</summary>
public static class SchedulerKinds
{
    /// <summary>No scheduler: every trial trains its full epochs.</summary>
    public const string None = Schedulers.None;

    /// <summary>Asynchronous successive halving, <see cref="AshaSpec"/>.</summary>
    public const string Asha = Schedulers.Asha;

    /// <summary>The median stopping rule, <see cref="MedianStoppingSpec"/>.</summary>
    public const string Median = Schedulers.Median;

    public static IReadOnlyList<string> All => Schedulers.All.Names;
}
