using System.Text.Json;

namespace HyperSearch.Search.Scheduling;

/// <summary>
/// Turns the user's <c>"scheduler"</c> JSON into a <see cref="SchedulerSpec"/>, collecting every problem
/// keyed by JSON path like <see cref="SearchSpaceParser"/>. A JSON null is an error, for the whole object
/// and for each field: leaving a key out is how to ask for its default, and a null that silently meant
/// "default" would hide a client bug.
/// </summary>
internal static class SchedulerSpecParser
{
    private static readonly string[] AshaKeys = ["kind", "minEpochs", "maxEpochs", "reduction", "epochBudget"];
    private static readonly string[] MedianKeys = ["kind", "warmupEpochs", "minTrials"];
    private static readonly string[] NoneKeys = ["kind"];

    public static SchedulerSpec Parse(JsonElement json, int? defaultMaxEpochs, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (defaultMaxEpochs is { } d)
        {
            // The caller's stage epochs, already validated by the caller: out of range is a bug, not a user error.
            ArgumentOutOfRangeException.ThrowIfLessThan(d, 1, nameof(defaultMaxEpochs));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(d, AshaSpec.MaxEpochsLimit, nameof(defaultMaxEpochs));
        }

        var errors = new ErrorCollector();
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"The scheduler must be a JSON object such as {{\"kind\": \"asha\"}} (got {JsonKinds.Describe(json)}); leave it out, or give {{\"kind\": \"none\"}}, to train every trial for its full epochs.");
            errors.ThrowIfAny();
        }

        var kind = ReadKind(json, path, errors);
        if (kind is null)
        {
            // Which keys are valid depends on the kind, so nothing else can be checked meaningfully.
            errors.ThrowIfAny();
        }

        CheckKeys(json, kind!, path, errors);
        SchedulerSpec? spec = kind switch
        {
            SchedulerKinds.Asha => ParseAsha(json, defaultMaxEpochs, path, errors),
            SchedulerKinds.Median => ParseMedian(json, path, errors),
            _ => SchedulerSpec.None,
        };

        errors.ThrowIfAny();
        return spec!;
    }

    private static string? ReadKind(JsonElement json, string path, ErrorCollector errors)
    {
        var kinds = string.Join(", ", SchedulerKinds.All);
        if (!json.TryGetProperty("kind", out var element))
        {
            errors.Add($"{path}.kind", $"kind is required; one of {kinds}.");
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{path}.kind", $"kind must be a string, one of {kinds} (got {JsonKinds.Describe(element)}).");
            return null;
        }

        var kind = element.GetString()!;
        if (!SchedulerKinds.All.Contains(kind, StringComparer.Ordinal))
        {
            errors.Add($"{path}.kind", $"Unknown scheduler kind \"{kind}\"; known kinds: {kinds}.");
            return null;
        }

        return kind;
    }

    private static void CheckKeys(JsonElement json, string kind, string path, ErrorCollector errors)
    {
        var allowed = kind switch
        {
            SchedulerKinds.Asha => AshaKeys,
            SchedulerKinds.Median => MedianKeys,
            _ => NoneKeys,
        };

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            var keyPath = $"{path}.{property.Name}";
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                var near = allowed.FirstOrDefault(k => string.Equals(k, property.Name, StringComparison.OrdinalIgnoreCase));
                var expected = allowed.Length == 1 ? "it takes no other keys" : $"expected {string.Join(", ", allowed.Skip(1))}";
                errors.Add(keyPath, near is null
                    ? $"Unknown key \"{property.Name}\" for scheduler kind {kind} ({expected})."
                    : $"Unknown key \"{property.Name}\" for scheduler kind {kind}; did you mean \"{near}\"?");
            }
            else if (!seen.Add(property.Name))
            {
                // JsonElement would silently read one of the two; the user meant one of them, we cannot tell which.
                errors.Add(keyPath, $"{property.Name} is given more than once.");
            }
        }
    }

    private static AshaSpec? ParseAsha(JsonElement json, int? defaultMaxEpochs, string path, ErrorCollector errors)
    {
        var min = ReadInt(json, "minEpochs", path, errors, "the default of 1", out var minOk);
        var max = ReadInt(json, "maxEpochs", path, errors, defaultMaxEpochs is null ? null : "the stage's epochs", out var maxOk);
        var reduction = ReadInt(json, "reduction", path, errors, "the default of 3", out var reductionOk);
        var budget = ReadInt(json, "epochBudget", path, errors, "no limit", out var budgetOk);

        minOk = minOk && (min is null || SchedulerChecks.InRange(path, "minEpochs", min.Value, Shown(json, "minEpochs"), 1, AshaSpec.MaxEpochsLimit, errors));
        maxOk = maxOk && (max is null || SchedulerChecks.InRange(path, "maxEpochs", max.Value, Shown(json, "maxEpochs"), 1, AshaSpec.MaxEpochsLimit, errors));
        reductionOk = reductionOk && (reduction is null || AshaSpec.CheckReduction(reduction.Value, Shown(json, "reduction"), path, errors));
        budgetOk = budgetOk && (budget is null || AshaSpec.CheckEpochBudget(budget.Value, Shown(json, "epochBudget"), path, errors));

        var maxDefaulted = false;
        if (maxOk && max is null)
        {
            if (defaultMaxEpochs is null)
            {
                errors.Add($"{path}.maxEpochs", "maxEpochs is required for asha: the epochs a trial promoted through every rung trains.");
                maxOk = false;
            }
            else
            {
                max = defaultMaxEpochs;
                maxDefaulted = true;
            }
        }

        if (!minOk || !maxOk || !reductionOk || !budgetOk)
        {
            return null;
        }

        return AshaSpec.FromChecked(
            (int)(min ?? AshaSpec.DefaultMinEpochs), (int)max!.Value, (int)(reduction ?? AshaSpec.DefaultReduction), (int?)budget, maxDefaulted, path, errors);
    }

    private static MedianStoppingSpec? ParseMedian(JsonElement json, string path, ErrorCollector errors)
    {
        var warmup = ReadInt(json, "warmupEpochs", path, errors, "the default of 1", out var warmupOk);
        var minTrials = ReadInt(json, "minTrials", path, errors, "the default of 5", out var minTrialsOk);

        warmupOk = warmupOk && (warmup is null || MedianStoppingSpec.CheckWarmup(warmup.Value, Shown(json, "warmupEpochs"), path, errors));
        minTrialsOk = minTrialsOk && (minTrials is null || MedianStoppingSpec.CheckMinTrials(minTrials.Value, Shown(json, "minTrials"), path, errors));
        if (!warmupOk || !minTrialsOk)
        {
            return null;
        }

        return MedianStoppingSpec.FromChecked(
            (int)(warmup ?? MedianStoppingSpec.DefaultWarmupEpochs), (int)(minTrials ?? MedianStoppingSpec.DefaultMinTrials));
    }

    /// <summary>
    /// An integral JSON number (3 or 3.0), as a double so that absurd magnitudes (1e20) still reach the
    /// range check and are reported as out of range rather than overflowing. Null when absent or invalid;
    /// <paramref name="ok"/> is false only when invalid.
    /// </summary>
    private static double? ReadInt(JsonElement json, string key, string path, ErrorCollector errors, string? defaultText, out bool ok)
    {
        ok = true;
        if (!json.TryGetProperty(key, out var element))
        {
            return null;
        }

        ok = false;
        var leaveOut = defaultText is null ? "" : $"; leave {key} out for {defaultText}";
        if (element.ValueKind != JsonValueKind.Number)
        {
            errors.Add($"{path}.{key}", $"{key} must be an integer (got {JsonKinds.Describe(element)}{leaveOut}).");
            return null;
        }

        // TryGetDouble gives ±∞ for numbers beyond double's range; those are out of range, not non-integers.
        if (!element.TryGetDouble(out var number) || (double.IsFinite(number) && number != Math.Floor(number)))
        {
            errors.Add($"{path}.{key}", $"{key} must be an integer (got {element.GetRawText()}).");
            return null;
        }

        ok = true;
        return number;
    }

    private static string Shown(JsonElement json, string key) => json.GetProperty(key).GetRawText();
}
