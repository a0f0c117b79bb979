using System.Globalization;
using System.Text.Json;

namespace HyperSearch.Search.Scheduling;

/// <summary>
/// <c>{"kind": "median", "warmupEpochs": 1, "minTrials": 5}</c>: the median stopping rule (Golovin et al.,
/// "Google Vizier: A Service for Black-Box Optimization", KDD 2017), applied as <see cref="MedianStopping"/>
/// describes. Bounds: 0 ≤ warmupEpochs ≤ <see cref="MaxWarmupEpochs"/> (epochs count from 1, so 0 and 1
/// both let the rule act from the first epoch) and 1 ≤ minTrials ≤ <see cref="MaxMinTrials"/> (a median of
/// no values is undefined). Always valid: the only factories validate.
/// </summary>
public sealed record MedianStoppingSpec : SchedulerSpec
{
    public const int DefaultWarmupEpochs = 1;
    public const int DefaultMinTrials = 5;

    /// <summary>Largest <see cref="WarmupEpochs"/>: the service's per-trial epoch limit.</summary>
    public const int MaxWarmupEpochs = 1_000;

    /// <summary>Largest <see cref="MinTrials"/>; more would need a stage of more than a thousand trials before acting.</summary>
    public const int MaxMinTrials = 1_000;

    private MedianStoppingSpec(int warmupEpochs, int minTrials)
    {
        WarmupEpochs = warmupEpochs;
        MinTrials = minTrials;
    }

    public override string Kind => SchedulerKinds.Median;

    /// <summary>The rule acts only at epochs ≥ this (epochs are 1-based: the first report is epoch 1).</summary>
    public int WarmupEpochs { get; }

    /// <summary>The rule acts only once at least this many other trials have a (non-NaN) value at the epoch.</summary>
    public int MinTrials { get; }

    /// <summary>The defaults, <c>{"kind": "median"}</c>.</summary>
    public static MedianStoppingSpec Default { get; } = new(DefaultWarmupEpochs, DefaultMinTrials);

    /// <summary>Validates like the parser; throws <see cref="SearchSpaceException"/> keyed <c>{path}.warmupEpochs</c> etc.</summary>
    public static MedianStoppingSpec Create(int warmupEpochs = DefaultWarmupEpochs, int minTrials = DefaultMinTrials, string path = "scheduler")
    {
        ArgumentNullException.ThrowIfNull(path);
        var errors = new ErrorCollector();
        CheckWarmup(warmupEpochs, warmupEpochs.ToString(CultureInfo.InvariantCulture), path, errors);
        CheckMinTrials(minTrials, minTrials.ToString(CultureInfo.InvariantCulture), path, errors);
        errors.ThrowIfAny();
        return new MedianStoppingSpec(warmupEpochs, minTrials);
    }

    internal static MedianStoppingSpec FromChecked(int warmupEpochs, int minTrials) => new(warmupEpochs, minTrials);

    internal static bool CheckWarmup(double value, string shown, string path, ErrorCollector errors) =>
        SchedulerChecks.InRange(path, "warmupEpochs", value, shown, 0, MaxWarmupEpochs, errors);

    internal static bool CheckMinTrials(double value, string shown, string path, ErrorCollector errors) =>
        SchedulerChecks.InRange(path, "minTrials", value, shown, 1, MaxMinTrials, errors,
            value < 1 ? "the median of no other trials is undefined" : null);

    private protected override void WriteFields(Utf8JsonWriter writer)
    {
        writer.WriteNumber("warmupEpochs", WarmupEpochs);
        writer.WriteNumber("minTrials", MinTrials);
    }

    private protected override void CheckStage(string strategy, long trialsPerStage, string path, ErrorCollector errors)
    {
        // A trial needs minTrials *other* trials at its epoch, so the stage needs minTrials + 1.
        if (trialsPerStage <= MinTrials)
        {
            errors.Add($"{path}.minTrials",
                $"A {strategy} stage of {trialsPerStage} trial(s) never has minTrials ({MinTrials}) other trials to compare with, so the median rule would never stop one. {(trialsPerStage >= 2 ? $"Lower minTrials to at most {trialsPerStage - 1}" : "Leave the scheduler out")}.");
        }
    }
}
