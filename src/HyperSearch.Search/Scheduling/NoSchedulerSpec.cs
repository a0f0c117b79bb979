using System.Text.Json;

namespace HyperSearch.Search.Scheduling;

/// <summary><c>{"kind": "none"}</c>: no trial is stopped or paused early; each trains its full epochs.</summary>
public sealed record NoSchedulerSpec : SchedulerSpec
{
    private NoSchedulerSpec()
    {
    }

    internal static NoSchedulerSpec Instance { get; } = new();

    public override string Kind => SchedulerKinds.None;

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
    }

    private protected override void CheckStage(string strategy, long trialsPerStage, string path, ErrorCollector errors)
    {
    }
}
