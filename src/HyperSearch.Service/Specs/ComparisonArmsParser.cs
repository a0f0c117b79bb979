using System.Text.Json;
using HyperSearch.Core;
using HyperSearch.Search;
using HyperSearch.Search.Scheduling;

namespace HyperSearch.Service.Specs;

/// <summary>
/// A comparison's optional "arms": at most one arm beside random and grid (random, sobol or tpe with its
/// default settings, with or without a scheduler), e.g.
/// <c>[{ "name": "random+asha", "strategy": "random", "scheduler": { "kind": "asha", "reduction": 3 } }]</c>.
/// Errors are keyed <c>arms[0].strategy</c> and so on.
/// </summary>
public static class ComparisonArmsParser
{
    public const int MaxExtraArms = 1;

    private static readonly HashSet<string> Fields = ["name", "strategy", "scheduler"];

    public static IReadOnlyList<ComparisonArm> Parse(JsonElement root, int epochs, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!root.TryGetProperty("arms", out var arms))
        {
            return [];
        }

        if (arms.ValueKind != JsonValueKind.Array)
        {
            errors.Add("arms", "'arms' must be an array of { \"name\", \"strategy\", \"scheduler\" } objects (random and grid always run).");
            return [];
        }

        if (arms.GetArrayLength() > MaxExtraArms)
        {
            errors.Add("arms", $"A comparison runs random, grid and at most {MaxExtraArms} more arm.");
            return [];
        }

        var result = new List<ComparisonArm>();
        var index = 0;
        foreach (var arm in arms.EnumerateArray())
        {
            var path = $"arms[{index++}]";
            if (ParseArm(arm, path, epochs, errors) is { } parsed)
            {
                result.Add(parsed);
            }
        }

        return result;
    }

    private static ComparisonArm? ParseArm(JsonElement arm, string path, int epochs, ValidationErrors errors)
    {
        if (arm.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "An arm must be an object: { \"strategy\": \"random\", \"scheduler\": { \"kind\": \"asha\" } }.");
            return null;
        }

        foreach (var p in arm.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
        {
            errors.Add($"{path}.{p.Name}", $"Unknown field '{p.Name}'. Known fields: {string.Join(", ", Fields)}.");
        }

        var strategy = arm.TryGetProperty("strategy", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : Strategies.Random;
        if (strategy is not (Strategies.Random or Strategies.Sobol or Strategies.Tpe))
        {
            errors.Add($"{path}.strategy", $"An added arm samples with 'random', 'sobol' or 'tpe' (grid already runs), not '{strategy}'.");
            return null;
        }

        var scheduler = SchedulerSpec.None;
        if (arm.TryGetProperty("scheduler", out var sch))
        {
            try
            {
                scheduler = SchedulerSpec.Parse(sch, epochs, $"{path}.scheduler");
            }
            catch (SearchSpaceException ex)
            {
                errors.AddRange(ex.Errors);
                return null;
            }
        }

        if (scheduler is AshaSpec asha && asha.MaxEpochs != epochs)
        {
            errors.Add($"{path}.scheduler.maxEpochs", $"Every arm trains to the comparison's 'epochs' ({epochs}): leave maxEpochs out or make it {epochs}.");
            return null;
        }

        if (scheduler is AshaSpec { EpochBudget: not null })
        {
            errors.Add($"{path}.scheduler.epochBudget", "An arm's epoch budget is the comparison's (budget × epochs): leave epochBudget out.");
            return null;
        }

        string? name = null;
        if (arm.TryGetProperty("name", out var n))
        {
            name = n.ValueKind == JsonValueKind.String ? n.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(name) || name.Length > 60)
            {
                errors.Add($"{path}.name", "An arm's name must have 1 to 60 characters.");
                return null;
            }
        }

        return new ComparisonArm(name ?? (scheduler.Kind == Schedulers.None ? strategy : $"{strategy}+{scheduler.Kind}"), strategy, scheduler);
    }
}
