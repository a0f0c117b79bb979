using System.Text.Json;
using HyperSearch.Core;
using HyperSearch.Data;
using HyperSearch.Search.Tpe;
using HyperSearch.Search;
using HyperSearch.Search.Scheduling;

namespace HyperSearch.Service.Specs;

/// <summary>
/// Reads a search spec from JSON, collecting every error with the JSON path of its field. Only the
/// outer fields are checked here; the "space" object is validated by the search library (see
/// <see cref="SearchPlanner"/>), and the dataset's existence and sizes against the catalog.
/// </summary>
public static partial class SearchSpecParser
{
    private static readonly HashSet<string> TopLevel =
        ["name", "seed", "dataset", "strategy", "tpe", "scheduler", "trials", "gridPoints", "epochs", "space", "refine", "overfitGap", "sanityChecks", "pruneOn", "warmStart", "budget", "arms"];

    private static readonly HashSet<string> DatasetFields = ["name", "trainSize", "validationSize", "preprocessing", "split"];
    private static readonly HashSet<string> TpeFields = ["startupTrials", "candidates", "multivariate", "priorWeight", "gammaFraction", "gammaMax"];
    private static readonly HashSet<string> RefineFields = ["stages", "topK", "trials", "gridPoints", "epochs", "scheduler"];

    /// <summary>Parses a search spec; <paramref name="forComparison"/> forbids "strategy" and requires "budget".</summary>
    public static SearchSpec Parse(JsonElement root, SpecLimits limits, ValidationErrors errors, bool forComparison = false)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "The request body must be a JSON object (a search spec).");
            errors.ThrowIfAny();
        }

        CheckTopLevelFields(root, errors, forComparison);
        var name = String(root, "name", errors, null) ?? "search";
        if (name.Trim().Length == 0 || name.Length > limits.MaxNameLength)
        {
            errors.Add("name", $"name must have 1 to {limits.MaxNameLength} characters.");
        }

        var seed = Int(root, "seed", errors, 0, int.MaxValue) ?? Random.Shared.Next(0, 1_000_000);
        var strategy = ParseStrategy(root, errors, forComparison);
        var (trials, gridPoints) = ParseStageSize(root, limits, errors, strategy, forComparison);
        var tpe = ParseTpe(root, strategy, errors);
        var givenEpochs = Int(root, "epochs", errors, 1, limits.MaxEpochs);
        root.TryGetProperty("scheduler", out var schedulerJson);
        var (scheduler, epochs) = ParseScheduler(schedulerJson, givenEpochs, givenEpochs ?? 1, "scheduler", "epochs", errors);
        var overfitGap = Double(root, "overfitGap", errors, 0, 1) ?? 0.1;
        var (sanity, gate) = ParseSanityChecks(root, errors);
        var pruneOn = ParsePruneOn(root, errors);
        var dataset = ParseDataset(root, errors);
        var space = ParseSpaceObject(root, errors);
        var refine = ParseRefine(root, limits, errors, strategy, trials, gridPoints, epochs, schedulerJson, forComparison);
        var warmStart = forComparison ? null : ParseWarmStart(root, errors);

        var budget = forComparison ? Int(root, "budget", errors, 2, limits.MaxComparisonBudget) : null;
        if (forComparison && budget is null && !root.TryGetProperty("budget", out _))
        {
            errors.Add("budget", "A comparison needs 'budget': the number of trials each strategy may use.");
        }

        var firstTrials = forComparison ? budget ?? 0 : strategy == Strategies.Grid ? 0 : trials ?? 20;
        var total = firstTrials + (refine is null ? 0 : (refine.Stages - 1) * refine.Trials);
        if (total > limits.MaxTotalTrials)
        {
            errors.Add("trials", $"The search would run {total} trials; the limit is {limits.MaxTotalTrials}.");
        }

        errors.ThrowIfAny();
        return new SearchSpec(name.Trim(), seed, dataset!, strategy, firstTrials, gridPoints, epochs, space, refine, overfitGap, sanity, Scheduler: scheduler, Tpe: tpe, WarmStart: warmStart, SanityGate: gate, PruneOn: pruneOn);
    }

    // "tpe": {"startupTrials": 10, "candidates": 24, "multivariate": false, …} — only with strategy "tpe".
    private static TpeOptions? ParseTpe(JsonElement root, string strategy, ValidationErrors errors)
    {
        if (!root.TryGetProperty("tpe", out var json))
        {
            return null;
        }

        if (strategy != Strategies.Tpe)
        {
            errors.Add("tpe", "'tpe' settings only apply to strategy 'tpe'.");
            return null;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add("tpe", "'tpe' must be an object such as {\"startupTrials\": 10, \"multivariate\": true}.");
            return null;
        }

        foreach (var p in json.EnumerateObject().Where(p => !TpeFields.Contains(p.Name)))
        {
            errors.Add($"tpe.{p.Name}", $"Unknown field '{p.Name}'. Known fields: {string.Join(", ", TpeFields)}.");
        }

        var defaults = TpeOptions.Default;
        var options = new TpeOptions(
            Int(json, "startupTrials", errors, 1, 10_000, "tpe.") ?? defaults.StartupTrials,
            Int(json, "candidates", errors, 1, 10_000, "tpe.") ?? defaults.Candidates,
            Bool(json, "multivariate", errors, "tpe.") ?? defaults.Multivariate,
            Double(json, "priorWeight", errors, double.Epsilon, 1e6, "tpe.") ?? defaults.PriorWeight,
            Double(json, "gammaFraction", errors, double.Epsilon, 1, "tpe.") ?? defaults.GammaFraction,
            Int(json, "gammaMax", errors, 1, 10_000, "tpe.") ?? defaults.GammaMax);
        try
        {
            options.Validate("tpe");
        }
        catch (SearchSpaceException ex)
        {
            errors.AddRange(ex.Errors);
        }

        return options;
    }

    private static void CheckTopLevelFields(JsonElement root, ValidationErrors errors, bool forComparison)
    {
        foreach (var p in root.EnumerateObject())
        {
            if (!TopLevel.Contains(p.Name) || (!forComparison && p.Name is "budget" or "arms") || (forComparison && p.Name == "warmStart"))
            {
                errors.Add(p.Name, $"Unknown field '{p.Name}'. Known fields: {string.Join(", ", TopLevel.Where(f => forComparison ? f != "warmStart" : f is not ("budget" or "arms")))}.");
            }
        }
    }

    private static string ParseStrategy(JsonElement root, ValidationErrors errors, bool forComparison)
    {
        if (forComparison)
        {
            if (root.TryGetProperty("strategy", out _))
            {
                errors.Add("strategy", "A comparison runs both strategies (random and grid) on the same budget: leave 'strategy' out.");
            }

            return Strategies.Random;
        }

        var strategy = String(root, "strategy", errors, null) ?? Strategies.Random;
        if (!Strategies.All.Contains(strategy))
        {
            errors.Add("strategy", Strategies.All.Unknown(strategy));
        }

        return strategy;
    }

    /// <summary>Stage 1's size: "trials" for sampled strategies, "gridPoints" (default 3) for the grid.</summary>
    private static (int? Trials, int? GridPoints) ParseStageSize(JsonElement root, SpecLimits limits, ValidationErrors errors, string strategy, bool forComparison)
    {
        var trials = Int(root, "trials", errors, 1, limits.MaxTrialsPerStage);
        var gridPoints = Int(root, "gridPoints", errors, 1, limits.MaxGridPoints);
        if (!forComparison && strategy == Strategies.Grid)
        {
            if (trials is not null)
            {
                errors.Add("trials", "A grid search's size follows from 'gridPoints' (values per continuous parameter) and the categorical values: leave 'trials' out.");
            }

            gridPoints ??= 3;
        }
        else if (gridPoints is not null && !forComparison)
        {
            errors.Add("gridPoints", "'gridPoints' only applies to strategy 'grid'.");
        }

        return (trials, gridPoints);
    }

    private static JsonElement ParseSpaceObject(JsonElement root, ValidationErrors errors)
    {
        if (!root.TryGetProperty("space", out var s))
        {
            using var empty = JsonDocument.Parse("{}");
            return empty.RootElement.Clone();
        }

        if (s.ValueKind != JsonValueKind.Object)
        {
            errors.Add("space", "'space' must be an object mapping parameter names to ranges or values.");
        }

        return s.Clone();
    }

    private static RefineSpec? ParseRefine(
        JsonElement root, SpecLimits limits, ValidationErrors errors, string strategy, int? trials, int? gridPoints, int epochs, JsonElement coarseScheduler, bool forComparison)
    {
        if (!root.TryGetProperty("refine", out var r) || r.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (forComparison)
        {
            errors.Add("refine", "A comparison is one stage per strategy (same space, same budget): leave 'refine' out.");
            return null;
        }

        if (r.ValueKind != JsonValueKind.Object)
        {
            errors.Add("refine", "'refine' must be an object: { \"stages\": 2, \"topK\": 5, \"trials\": 10, \"epochs\": 6 }.");
            return null;
        }

        foreach (var p in r.EnumerateObject())
        {
            if (!RefineFields.Contains(p.Name))
            {
                errors.Add($"refine.{p.Name}", $"Unknown field '{p.Name}'. Known fields: {string.Join(", ", RefineFields)}.");
            }
        }

        var stages = Int(r, "stages", errors, 1, limits.MaxStages, "refine.") ?? 2;
        var topK = Int(r, "topK", errors, 1, limits.MaxTrialsPerStage, "refine.") ?? 5;
        var rTrials = Int(r, "trials", errors, 1, limits.MaxTrialsPerStage, "refine.");
        var rGrid = Int(r, "gridPoints", errors, 1, limits.MaxGridPoints, "refine.");
        var givenEpochs = Int(r, "epochs", errors, 1, limits.MaxEpochs, "refine.");

        // A refined stage keeps the coarse stage's scheduler unless it names its own; a default maxEpochs
        // follows the stage's epochs either way.
        var schedulerJson = r.TryGetProperty("scheduler", out var own) ? own : coarseScheduler;
        var (scheduler, rEpochs) = ParseScheduler(
            schedulerJson, givenEpochs, givenEpochs ?? Math.Min(epochs * 3, limits.MaxEpochs), own.ValueKind == JsonValueKind.Undefined ? "scheduler" : "refine.scheduler", "refine.epochs", errors);
        if (strategy == Strategies.Grid)
        {
            if (rTrials is not null)
            {
                errors.Add("refine.trials", "Grid stages are sized by 'refine.gridPoints': leave 'refine.trials' out.");
            }

            rGrid ??= gridPoints;
        }
        else
        {
            rTrials ??= trials ?? 10;
        }

        return new RefineSpec(stages, topK, rTrials ?? 0, rGrid, rEpochs, scheduler);
    }

    /// <summary>The "budget" of a comparison spec (already validated by <see cref="Parse"/>).</summary>
    public static int Budget(JsonElement root) => root.GetProperty("budget").GetInt32();

    /// <summary>
    /// A stage's scheduler and its epochs. Under ASHA the stage trains its survivors to maxEpochs, so the two
    /// are one number: maxEpochs defaults to the stage's epochs, and giving both differently is an error.
    /// </summary>
    private static (SchedulerSpec? Scheduler, int Epochs) ParseScheduler(
        JsonElement json, int? givenEpochs, int defaultEpochs, string path, string epochsField, ValidationErrors errors)
    {
        if (json.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return (null, defaultEpochs);
        }

        SchedulerSpec scheduler;
        try
        {
            scheduler = SchedulerSpec.Parse(json, defaultEpochs, path);
        }
        catch (SearchSpaceException ex)
        {
            errors.AddRange(ex.Errors);
            return (null, defaultEpochs);
        }

        if (scheduler is not AshaSpec asha)
        {
            return (scheduler, defaultEpochs);
        }

        if (givenEpochs is { } e && e != asha.MaxEpochs)
        {
            errors.Add($"{path}.maxEpochs", $"ASHA trains the surviving trials to maxEpochs ({asha.MaxEpochs}), which must equal '{epochsField}' ({e}): give one of them.");
        }

        return (scheduler, asha.MaxEpochs);
    }

    private static DatasetSpec? ParseDataset(JsonElement root, ValidationErrors errors)
    {
        if (!root.TryGetProperty("dataset", out var d))
        {
            errors.Add("dataset", "'dataset' is required, e.g. { \"name\": \"spiral\" } (GET /api/datasets lists them).");
            return null;
        }

        if (d.ValueKind == JsonValueKind.String)
        {
            return new DatasetSpec(DatasetCatalog.CanonicalName(d.GetString()!), null, null, Preprocessings.Default);
        }

        if (d.ValueKind != JsonValueKind.Object)
        {
            errors.Add("dataset", "'dataset' must be an object: { \"name\": \"fashion-mnist\", \"trainSize\": 50000, \"validationSize\": 10000, \"preprocessing\": \"zero-center\", \"split\": \"ordered\" }.");
            return null;
        }

        foreach (var p in d.EnumerateObject())
        {
            if (!DatasetFields.Contains(p.Name))
            {
                errors.Add($"dataset.{p.Name}", $"Unknown field '{p.Name}'. Known fields: {string.Join(", ", DatasetFields)}.");
            }
        }

        var name = String(d, "name", errors, "dataset.");
        if (name is null)
        {
            errors.Add("dataset.name", "'dataset.name' is required (GET /api/datasets lists the datasets).");
        }

        var train = Int(d, "trainSize", errors, 1, int.MaxValue, "dataset.");
        var val = Int(d, "validationSize", errors, 1, int.MaxValue, "dataset.");
        var pre = String(d, "preprocessing", errors, "dataset.") ?? Preprocessings.Default;
        if (!Preprocessings.All.Contains(pre))
        {
            errors.Add(Preprocessings.All.Field, Preprocessings.All.Unknown(pre));
        }

        var split = String(d, "split", errors, "dataset.");
        if (split is not null && !Splits.All.Contains(split))
        {
            errors.Add(Splits.All.Field, $"{Splits.All.Unknown(split)} ('ordered': the first rows train, the next ones validate; 'shuffled': a seeded shuffle first.)");
        }

        // Names are case-insensitive: the spec stores the canonical one, so every lookup (and the
        // store's "an active search uses this upload" check) sees one spelling.
        return new DatasetSpec(DatasetCatalog.CanonicalName(name ?? ""), train, val, pre, split);
    }

    private static string? String(JsonElement obj, string field, ValidationErrors errors, string? prefix)
    {
        if (!obj.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + field, $"'{field}' must be a string.");
            return null;
        }

        return v.GetString();
    }

    private static int? Int(JsonElement obj, string field, ValidationErrors errors, int min, int max, string? prefix = null)
    {
        if (!obj.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
        {
            errors.Add(prefix + field, $"'{field}' must be a whole number.");
            return null;
        }

        if (n < min || n > max)
        {
            errors.Add(prefix + field, $"'{field}' must be between {min} and {max} (got {n}).");
            return null;
        }

        return (int)n;
    }

    private static double? Double(JsonElement obj, string field, ValidationErrors errors, double min, double max, string? prefix = null)
    {
        if (!obj.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Number)
        {
            errors.Add(prefix + field, $"'{field}' must be a number.");
            return null;
        }

        var d = v.GetDouble();
        if (d < min || d > max || double.IsNaN(d))
        {
            errors.Add(prefix + field, $"'{field}' must be between {min} and {max} (got {d}).");
            return null;
        }

        return d;
    }

    /// <summary>"pruneOn": ["init-collapse", "lr-too-low"] — diagnosis labels that stop a trial after the epoch where they appear.</summary>
    private static IReadOnlyList<string>? ParsePruneOn(JsonElement root, ValidationErrors errors)
    {
        if (!root.TryGetProperty("pruneOn", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var allowed = new Vocabulary("pruneOn", [.. Engine.TrainingDiagnosis.Prunable]);
        if (v.ValueKind != JsonValueKind.Array)
        {
            errors.Add("pruneOn", $"'pruneOn' must be a list of diagnosis labels to stop a trial on: {allowed.Describe()}.");
            return null;
        }

        var labels = new List<string>();
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            var label = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (label == Engine.TrainingDiagnosis.Underfit)
            {
                errors.Add($"pruneOn[{i}]", "'underfit' needs the whole run (it reads the last epochs of a run that ended), so a trial cannot be stopped on it.");
            }
            else if (!allowed.Contains(label))
            {
                errors.Add($"pruneOn[{i}]", item.ValueKind == JsonValueKind.String ? allowed.Unknown(label) : $"Each label must be a string: {allowed.Describe()}.");
            }
            else if (labels.Contains(label!))
            {
                errors.Add($"pruneOn[{i}]", $"'{label}' is listed twice.");
            }
            else
            {
                labels.Add(label!);
            }

            i++;
        }

        return labels;
    }

    /// <summary>"sanityChecks": true (the default: run and report), false (skip), or "gate" (run; a failure stops the search before stage 1).</summary>
    private static (bool Run, bool Gate) ParseSanityChecks(JsonElement root, ValidationErrors errors)
    {
        if (!root.TryGetProperty("sanityChecks", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return (true, false);
        }

        switch (v.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                return (v.GetBoolean(), false);
            case JsonValueKind.String when v.ValueEquals("gate"):
                return (true, true);
            default:
                errors.Add("sanityChecks", "'sanityChecks' must be true (run and report them), false (skip them) or \"gate\" (a failure stops the search before stage 1).");
                return (true, false);
        }
    }

    private static bool? Bool(JsonElement obj, string field, ValidationErrors errors, string? prefix = null)
    {
        if (!obj.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(prefix + field, $"'{field}' must be true or false.");
            return null;
        }

        return v.GetBoolean();
    }
}
