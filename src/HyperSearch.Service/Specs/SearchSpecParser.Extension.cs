using System.Text.Json;
using HyperSearch.Core;

namespace HyperSearch.Service.Specs;

// The body of POST /api/searches/{id}/stages: one more stage of an existing search, read with the submit's
// field rules (whole numbers in the same limits, strategy and scheduler vocabularies, unknown fields named).
public static partial class SearchSpecParser
{
    private static readonly HashSet<string> ExtensionFields = ["strategy", "trials", "gridPoints", "epochs", "scheduler", "space", "topK"];

    /// <summary>
    /// Reads a stage to add to <paramref name="spec"/>'s search. Defaults: the search's strategy, the trials and
    /// epochs of its last stage (<paramref name="lastTrials"/>, <paramref name="lastEpochs"/>), no scheduler, the
    /// refine spec's topK (5); without "space" the stage refines the last stage's space. <see cref="StageExtension.Stage"/>
    /// is 0: the store numbers the stage when it is added.
    /// </summary>
    public static StageExtension ParseExtension(JsonElement root, SearchSpec spec, int lastTrials, int lastEpochs, SpecLimits limits, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "The request body must be a JSON object describing one stage, e.g. { \"trials\": 10, \"epochs\": 5 }.");
            errors.ThrowIfAny();
        }

        foreach (var p in root.EnumerateObject().Where(p => !ExtensionFields.Contains(p.Name)))
        {
            errors.Add(p.Name, $"Unknown field '{p.Name}'. Known fields: {string.Join(", ", ExtensionFields)}.");
        }

        var strategy = String(root, "strategy", errors, null) ?? spec.Strategy;
        if (!Strategies.All.Contains(strategy))
        {
            errors.Add("strategy", Strategies.All.Unknown(strategy));
        }

        var trials = Int(root, "trials", errors, 1, limits.MaxTrialsPerStage);
        var gridPoints = Int(root, "gridPoints", errors, 1, limits.MaxGridPoints);
        if (strategy == Strategies.Grid)
        {
            if (trials is not null)
            {
                errors.Add("trials", "A grid stage's size follows from 'gridPoints' and the categorical values: leave 'trials' out.");
            }

            gridPoints ??= spec.Refine?.GridPoints ?? spec.GridPoints ?? 3;
        }
        else
        {
            if (gridPoints is not null)
            {
                errors.Add("gridPoints", "'gridPoints' only applies to strategy 'grid'.");
            }

            trials ??= Math.Clamp(lastTrials, 1, limits.MaxTrialsPerStage);
        }

        var topK = Int(root, "topK", errors, 1, limits.MaxTrialsPerStage) ?? spec.Refine?.TopK ?? 5;
        var givenEpochs = Int(root, "epochs", errors, 1, limits.MaxEpochs);
        root.TryGetProperty("scheduler", out var schedulerJson);
        var (scheduler, epochs) = ParseScheduler(schedulerJson, givenEpochs, givenEpochs ?? Math.Clamp(lastEpochs, 1, limits.MaxEpochs), "scheduler", "epochs", errors);
        JsonElement? space = null;
        if (root.TryGetProperty("space", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind != JsonValueKind.Object)
            {
                errors.Add("space", "'space' must be an object mapping parameter names to ranges or values (leave it out to refine the last stage's).");
            }

            space = s.Clone();
        }

        errors.ThrowIfAny();
        return new StageExtension(0, strategy, trials ?? 0, gridPoints, epochs, topK, space, scheduler);
    }

    /// <summary>"warmStart": {"searchId": "…"} (checked against the store by the service).</summary>
    private static WarmStartSpec? ParseWarmStart(JsonElement root, ValidationErrors errors)
    {
        if (!root.TryGetProperty("warmStart", out var w) || w.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (w.ValueKind != JsonValueKind.Object)
        {
            errors.Add("warmStart", "'warmStart' must be an object: { \"searchId\": \"…\" } (an earlier search of yours on the same dataset).");
            return null;
        }

        foreach (var p in w.EnumerateObject().Where(p => p.Name != "searchId"))
        {
            errors.Add($"warmStart.{p.Name}", $"Unknown field '{p.Name}'. Known fields: searchId.");
        }

        if (!w.TryGetProperty("searchId", out var id) || id.ValueKind == JsonValueKind.Null)
        {
            errors.Add("warmStart.searchId", "'warmStart.searchId' is required: the id of an earlier search on the same dataset.");
            return null;
        }

        if (id.ValueKind != JsonValueKind.String || !Guid.TryParse(id.GetString(), out var searchId))
        {
            errors.Add("warmStart.searchId", "'warmStart.searchId' must be a search id (a UUID string).");
            return null;
        }

        return new WarmStartSpec(searchId);
    }
}
