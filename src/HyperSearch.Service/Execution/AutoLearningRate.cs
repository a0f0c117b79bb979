using System.Text.Json;
using System.Text.Json.Nodes;
using HyperSearch.Engine;
using HyperSearch.Search;

namespace HyperSearch.Service.Execution;

/// <summary>
/// <c>"learningRate": "auto"</c> in a search's space (docs/search-spec.md, "A learning rate from the range
/// test"): stage 1 is planned over <see cref="Placeholder"/> (the range test's own sweep, log scale), and at
/// Start — before the sanity checks and before any trial runs — the range test on stage 1's first
/// architecture replaces it with the suggested range; each planned learning rate moves to the same place
/// (the same unit draw) in the new range, which is exactly what sampling the new range would have drawn, as
/// samplers map one uniform draw per parameter through the scale and draw every other parameter
/// independently of the range. Until then stage 1's trials do not run.
/// </summary>
public static class AutoLearningRate
{
    public const string Keyword = "auto";

    /// <summary>The range stage 1 is planned over until the test replaces it.</summary>
    public static FloatDistribution Placeholder { get; } = new(1e-6, 10, ParameterScale.Log);

    /// <summary>Whether <paramref name="space"/> asks for the range test: <c>"learningRate": "auto"</c>.</summary>
    public static bool IsRequested(JsonElement space) =>
        space.ValueKind == JsonValueKind.Object
        && space.TryGetProperty(Parameters.LearningRate.Name, out var lr)
        && lr.ValueKind == JsonValueKind.String
        && lr.GetString() == Keyword;

    /// <summary>The space with "auto" replaced by <see cref="Placeholder"/> (what stage 1 is planned over).</summary>
    public static JsonElement WithPlaceholder(JsonElement space)
    {
        var json = JsonNode.Parse(space.GetRawText())!.AsObject();
        json[Parameters.LearningRate.Name] = Placeholder.ToJson();
        using var document = JsonDocument.Parse(json.ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>Whether a stored stage-1 space still has the placeholder range (the test has not replaced it yet).</summary>
    public static bool IsUnresolved(string stageSpaceJson) =>
        SearchSpace.Parse(stageSpaceJson, "space").Find(Parameters.LearningRate.Name) is FloatDistribution d && d == Placeholder;

    /// <summary>The range to search from a suggestion: [Min, Max], log scale, inside learningRate's limits (and never the placeholder itself).</summary>
    public static FloatDistribution Range(LearningRateSuggestion suggestion)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        var bounds = Parameters.LearningRate.Bounds!;
        double min = Math.Clamp(suggestion.Min, bounds.Min, bounds.Max);
        double max = Math.Clamp(suggestion.Max, bounds.Min, bounds.Max);
        if (!(max > min))
        {
            (min, max) = (Math.Max(bounds.Min, max / 10), Math.Min(bounds.Max, Math.Max(max, min * 10)));
        }

        var range = new FloatDistribution(min, max, ParameterScale.Log);
        return range == Placeholder ? range with { Min = Math.BitIncrement(min) } : range;
    }

    /// <summary>A learning rate planned in <see cref="Placeholder"/>, moved to the same unit position (log scale) of <paramref name="range"/>.</summary>
    public static double Move(double planned, FloatDistribution range)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (planned <= Placeholder.Min)
        {
            return range.Min;
        }

        if (planned >= Placeholder.Max)
        {
            return range.Max;
        }

        double u = Math.Log(planned / Placeholder.Min) / Math.Log(Placeholder.Max / Placeholder.Min);
        return Math.Clamp(range.Min * Math.Pow(range.Max / range.Min, u), range.Min, range.Max);
    }
}
