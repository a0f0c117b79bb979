using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperSearch.Search.Scheduling;

/// <summary>
/// When to stop or promote a stage's trials: the scheduler half of the sampler/scheduler split
/// (Optuna's samplers vs pruners, Ray Tune's search algorithms vs trial schedulers). A spec is an
/// immutable, always-valid description; the rules it configures (<see cref="AshaPromotion"/>,
/// <see cref="MedianStopping"/>) are pure functions of their inputs. Only this assembly derives from it.
/// </summary>
[JsonConverter(typeof(SchedulerSpecJsonConverter))]
public abstract record SchedulerSpec
{
    private protected SchedulerSpec()
    {
    }

    /// <summary>No scheduler, and what an absent <c>"scheduler"</c> means: every trial trains its full epochs.</summary>
    public static SchedulerSpec None => NoSchedulerSpec.Instance;

    /// <summary>One of <see cref="SchedulerKinds.All"/>.</summary>
    public abstract string Kind { get; }

    /// <summary>
    /// Parses and validates; throws <see cref="SearchSpaceException"/> listing every problem, keyed by
    /// JSON path (<c>scheduler.minEpochs</c>). An ASHA spec must give <c>maxEpochs</c> with this overload.
    /// </summary>
    /// <param name="path">Prefix of the error keys, e.g. "scheduler" or "refine.scheduler".</param>
    public static SchedulerSpec Parse(JsonElement json, string path = "scheduler") =>
        SchedulerSpecParser.Parse(json, null, path);

    /// <summary>As <see cref="Parse(JsonElement, string)"/>, with <paramref name="defaultMaxEpochs"/> (the stage's epochs) standing in for an absent ASHA <c>maxEpochs</c>.</summary>
    public static SchedulerSpec Parse(JsonElement json, int defaultMaxEpochs, string path = "scheduler") =>
        SchedulerSpecParser.Parse(json, defaultMaxEpochs, path);

    /// <inheritdoc cref="Parse(JsonElement, string)"/>
    public static SchedulerSpec Parse(string json, string path = "scheduler") => ParseText(json, null, path);

    /// <inheritdoc cref="Parse(JsonElement, int, string)"/>
    public static SchedulerSpec Parse(string json, int defaultMaxEpochs, string path = "scheduler") => ParseText(json, defaultMaxEpochs, path);

    /// <summary>
    /// Checks the scheduler can do its job in a stage of <paramref name="trialsPerStage"/> trials drawn by
    /// <paramref name="strategy"/>. Every strategy combines with every scheduler (as in Ray Tune, ASHA and
    /// median stopping only read results, never how points were chosen, so a grid is as good an input as
    /// random draws). What is rejected is a stage too small for the rule to ever act: ASHA with fewer trials
    /// than its reduction promotes nobody (⌊n/η⌋ = 0, every trial stops at minEpochs), and median stopping
    /// with no more trials than minTrials never has enough others to compare with.
    /// </summary>
    /// <exception cref="SearchSpaceException">Key "strategy" for an unknown strategy; <c>{path}.reduction</c> or <c>{path}.minTrials</c> for a stage too small.</exception>
    public void EnsureCompatible(string strategy, long trialsPerStage, string path = "scheduler")
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(trialsPerStage);
        if (!Samplers.All.Contains(strategy, StringComparer.Ordinal))
        {
            throw new SearchSpaceException("strategy", $"Unknown strategy \"{strategy}\"; allowed: {string.Join(", ", Samplers.All)}.");
        }

        var errors = new ErrorCollector();
        CheckStage(strategy, trialsPerStage, path, errors);
        errors.ThrowIfAny();
    }

    /// <summary>The canonical JSON, every field explicit (so reading it back needs no default maxEpochs).</summary>
    public string ToJsonString()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", Kind);
            WriteFields(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private protected abstract void WriteFields(Utf8JsonWriter writer);

    private protected abstract void CheckStage(string strategy, long trialsPerStage, string path, ErrorCollector errors);

    private static SchedulerSpec ParseText(string json, int? defaultMaxEpochs, string path)
    {
        using (var document = JsonKinds.Parse(json, path))
        {
            return SchedulerSpecParser.Parse(document.RootElement, defaultMaxEpochs, path);
        }
    }
}
