using System.Text.Json;
using HyperSearch.Search;

namespace HyperSearch.Service.Specs;

// The body of POST /api/lr-finder: a learning-rate range test, read with the submit's field rules (the
// dataset field as a search's, hyperparameters as a space's bare values, unknown fields named).
public static partial class SearchSpecParser
{
    /// <summary>The most mini-batches one range test request may train (the engine's own bound is higher).</summary>
    public const int MaxLearningRateFinderSteps = 1000;

    private static readonly HashSet<string> FinderFields = ["dataset", "hyperparameters", "minLr", "maxLr", "steps", "seed"];

    /// <summary>
    /// Reads a range test request. Defaults: 1e-6 … 10 over 200 steps, a random seed, every hyperparameter
    /// at its default. minLr and maxLr lie within learningRate's limits; "hyperparameters" takes bare values
    /// only (the test trains one model) and neither learningRate (the test sweeps it) nor its decay (it has no
    /// epochs). The dataset's existence and the model's size are checked against the catalog afterwards
    /// (DatasetProvider.ValidateAsync), as for a search.
    /// </summary>
    public static LearningRateFinderSpec ParseLearningRateFinder(JsonElement root, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "The request body must be a JSON object, e.g. { \"dataset\": \"spiral\", \"hyperparameters\": { \"hiddenLayers\": [64] } }.");
            errors.ThrowIfAny();
        }

        foreach (var p in root.EnumerateObject().Where(p => !FinderFields.Contains(p.Name)))
        {
            errors.Add(p.Name, $"Unknown field '{p.Name}'. Known fields: {string.Join(", ", FinderFields)}.");
        }

        var dataset = ParseDataset(root, errors);
        var model = ParseFinderModel(root, errors);
        var bounds = Parameters.LearningRate.Bounds!;
        var minLr = Double(root, "minLr", errors, bounds.Min, bounds.Max) ?? 1e-6;
        var maxLr = Double(root, "maxLr", errors, bounds.Min, bounds.Max) ?? 10;
        if (minLr >= maxLr)
        {
            errors.Add(root.TryGetProperty("maxLr", out _) ? "maxLr" : "minLr", $"'maxLr' ({maxLr}) must be above 'minLr' ({minLr}).");
        }

        var steps = Int(root, "steps", errors, 2, MaxLearningRateFinderSteps) ?? 200;
        var seed = Int(root, "seed", errors, 0, int.MaxValue) ?? Random.Shared.Next(0, 1_000_000);
        errors.ThrowIfAny();
        return new LearningRateFinderSpec(dataset!, model!, minLr, maxLr, steps, seed);
    }

    private static SearchSpace? ParseFinderModel(JsonElement root, ValidationErrors errors)
    {
        if (!root.TryGetProperty("hyperparameters", out var json) || json.ValueKind == JsonValueKind.Null)
        {
            return SearchSpace.Empty;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add("hyperparameters", "'hyperparameters' must be an object of fixed values, e.g. { \"hiddenLayers\": [512, 256], \"optimizer\": \"adam\" }.");
            return null;
        }

        var sweepOwned = json.EnumerateObject().Where(p => p.Name is "learningRate" or "learningRateDecay" or "decayRate").ToList();
        foreach (var p in sweepOwned)
        {
            errors.Add($"hyperparameters.{p.Name}", p.Name == "learningRate"
                ? "The range test sweeps the learning rate: give its bounds as 'minLr' and 'maxLr' instead."
                : $"The range test trains a few hundred mini-batches, not epochs, so '{p.Name}' does not apply: leave it out.");
        }

        if (sweepOwned.Count > 0)
        {
            return null;
        }

        SearchSpace space;
        try
        {
            space = SearchSpace.Parse(json, "hyperparameters");
        }
        catch (SearchSpaceException ex)
        {
            errors.AddRange(ex.Errors.Count > 0 ? ex.Errors : new Dictionary<string, string[]> { ["hyperparameters"] = [ex.Message] });
            return null;
        }

        foreach (var name in space.Names.Where(n => space.Parameters[n].Cardinality != 1))
        {
            errors.Add($"hyperparameters.{name}", $"The range test trains one model: give '{name}' one bare value (a range or a list of values is a search).");
        }

        return space;
    }
}
