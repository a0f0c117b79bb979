using System.Text.Json;

namespace HyperSearch.Search;

/// <summary>
/// Turns the user's JSON into distributions. Syntax problems (wrong JSON types, unknown keys) are
/// found here; range and value checks are <see cref="SearchSpaceValidator"/>'s. Both collect.
/// </summary>
internal static class SearchSpaceParser
{
    private static readonly string[] RangeKeys = ["min", "max", "scale"];

    private const string When = "when";

    public static SearchSpace Parse(JsonElement json, string path)
    {
        var errors = new ErrorCollector();
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"The search space must be a JSON object keyed by parameter name (got {JsonKinds.Describe(json)}).");
            errors.ThrowIfAny();
        }

        var parameters = new List<KeyValuePair<string, Distribution>>();
        var conditions = new Dictionary<string, IReadOnlyList<ParameterCondition>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in json.EnumerateObject())
        {
            var parameterPath = $"{path}.{property.Name}";
            if (!Parameters.TryGet(property.Name, out var info))
            {
                var suggestion = Parameters.Suggest(property.Name);
                errors.Add(parameterPath, suggestion is null
                    ? $"Unknown parameter \"{property.Name}\"; known parameters: {string.Join(", ", Parameters.Names)}."
                    : $"Unknown parameter \"{property.Name}\"; did you mean \"{suggestion}\"?");
                continue;
            }

            if (!seen.Add(property.Name))
            {
                errors.Add(parameterPath, $"{property.Name} is given more than once.");
                continue;
            }

            var before = errors.Count;
            var distribution = ParseParameter(info, property.Value, parameterPath, errors, out var bare);
            if (distribution is null || errors.Count != before)
            {
                continue;
            }

            SearchSpaceValidator.Validate(info, distribution, parameterPath, bare, errors);
            parameters.Add(new(property.Name, distribution));
            if (property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty(When, out var when)
                && ParseWhen(info, when, $"{parameterPath}.{When}", errors) is { } parsed)
            {
                conditions[property.Name] = parsed;
            }
        }

        SearchSpace.ValidateCombination(seen, path, errors);
        errors.ThrowIfAny();
        var space = SearchSpace.CreateUnchecked(parameters, conditions);
        SearchSpaceConditions.Validate(space, path, errors);
        errors.ThrowIfAny();
        return space;
    }

    // "when": {"optimizer": ["sgd_momentum", "nesterov"], "batchNorm": true} — every listed parent must hold.
    private static List<ParameterCondition>? ParseWhen(ParameterDefinition info, JsonElement when, string path, ErrorCollector errors)
    {
        if (when.ValueKind != JsonValueKind.Object || !when.EnumerateObject().Any())
        {
            errors.Add(path, $"{info.Name}.when: expected an object of parent parameter → value or list of values, e.g. {{\"optimizer\": [\"sgd_momentum\", \"nesterov\"]}} (got {JsonKinds.Describe(when)}).");
            return null;
        }

        var conditions = new List<ParameterCondition>();
        foreach (var parent in when.EnumerateObject())
        {
            var parentPath = $"{path}.{parent.Name}";
            if (!Parameters.TryGet(parent.Name, out var parentInfo))
            {
                errors.Add(parentPath, SearchSpaceConditions.UnknownParent(info.Name, When, parent.Name));
                continue;
            }

            var values = new List<object>();
            var elements = parent.Value.ValueKind == JsonValueKind.Array ? parent.Value.EnumerateArray().ToList() : [parent.Value];
            var ok = true;
            for (var i = 0; i < elements.Count; i++)
            {
                var elementPath = parent.Value.ValueKind == JsonValueKind.Array ? $"{parentPath}[{i}]" : parentPath;
                var value = parentInfo.Kind is ParameterKind.Float or ParameterKind.Int
                    ? ReadNumber(parentInfo, elements[i], elementPath, errors)
                    : ReadChoice(parentInfo, elements[i], elementPath, errors);
                if (value is null)
                {
                    ok = false;
                }
                else
                {
                    values.Add(value);
                }
            }

            if (ok)
            {
                conditions.Add(new ParameterCondition(parent.Name, values));
            }
        }

        return conditions;
    }

    // "learningRate": {"byOptimizer": {"adam": {"min": 1e-5, "max": 1e-2}, "sgd_momentum": {"min": 1e-3, "max": 1}}}
    private static Distribution? ParsePerChoice(ParameterDefinition info, JsonElement value, string path, ErrorCollector errors)
    {
        JsonProperty? byKey = null;
        var ok = true;
        foreach (var key in value.EnumerateObject())
        {
            if (key.Name == When)
            {
                continue;
            }

            if (byKey is null && key.Name.StartsWith("by", StringComparison.Ordinal))
            {
                byKey = key;
                continue;
            }

            errors.Add($"{path}.{key.Name}", $"{info.Name}: unknown key \"{key.Name}\" next to a per-choice range (one \"by<Parameter>\" key, and optionally \"when\").");
            ok = false;
        }

        var by = byKey!.Value;
        var byPath = $"{path}.{by.Name}";
        var parentName = Parameters.Names.FirstOrDefault(n => PerChoiceDistribution.KeyFor(n) == by.Name);
        if (parentName is null || !Parameters.TryGet(parentName, out var parentInfo))
        {
            errors.Add(byPath, $"{info.Name}: \"{by.Name}\" names no parameter; per-choice ranges are written by<Parameter>, e.g. byOptimizer, byBatchNorm, byActivation.");
            return null;
        }

        if (by.Value.ValueKind != JsonValueKind.Object || !by.Value.EnumerateObject().Any())
        {
            errors.Add(byPath, $"{info.Name}.{by.Name}: expected an object of {parentName} value → range (got {JsonKinds.Describe(by.Value)}).");
            return null;
        }

        var cases = new List<KeyValuePair<object, Distribution>>();
        foreach (var entry in by.Value.EnumerateObject())
        {
            var casePath = $"{byPath}.{entry.Name}";
            object? caseValue = parentInfo.Kind switch
            {
                ParameterKind.String => entry.Name,
                ParameterKind.Bool when entry.Name is "true" or "false" => entry.Name == "true",
                ParameterKind.Int when int.TryParse(entry.Name, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
                _ => null,
            };
            if (caseValue is null)
            {
                errors.Add(casePath, $"{info.Name}.{by.Name}: \"{entry.Name}\" is not a value of {parentName}.");
                ok = false;
                continue;
            }

            if (entry.Value.ValueKind == JsonValueKind.Object && entry.Value.TryGetProperty(When, out _))
            {
                errors.Add($"{casePath}.{When}", $"{info.Name}.{by.Name}: put \"when\" next to \"{by.Name}\", not inside a case.");
                ok = false;
                continue;
            }

            var before = errors.Count;
            var range = ParseParameter(info, entry.Value, casePath, errors, out _);
            if (range is null || errors.Count != before)
            {
                ok = false;
                continue;
            }

            if (range is PerChoiceDistribution)
            {
                errors.Add(casePath, $"{info.Name}.{by.Name}: per-choice ranges do not nest.");
                ok = false;
                continue;
            }

            cases.Add(new(caseValue, range));
        }

        return ok ? new PerChoiceDistribution(parentName, cases) : null;
    }

    private static Distribution? ParseParameter(ParameterDefinition info, JsonElement value, string path, ErrorCollector errors, out bool bare)
    {
        bare = false;
        var name = info.Name;
        switch (info.Kind)
        {
            case ParameterKind.Float or ParameterKind.Int:
                if (value.ValueKind == JsonValueKind.Number)
                {
                    bare = true;
                    return ReadNumber(info, value, path, errors) is { } fixedValue ? CategoricalDistribution.Fixed(fixedValue) : null;
                }

                if (value.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(path, $"{name}: expected a number, {{\"min\": …, \"max\": …, \"scale\": \"linear\"|\"log\"}} or {{\"values\": […]}} (got {JsonKinds.Describe(value)}).");
                    return null;
                }

                if (value.EnumerateObject().Any(k => k.Name.StartsWith("by", StringComparison.Ordinal)))
                {
                    return ParsePerChoice(info, value, path, errors);
                }

                return value.TryGetProperty("values", out _) ? ParseValues(info, value, path, errors) : ParseRange(info, value, path, errors);

            case ParameterKind.Layers when value.ValueKind == JsonValueKind.Array:
                if (value.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Array))
                {
                    errors.Add(path, $"{name}: a choice of architectures goes in {{\"values\": [[256], [512, 256]]}}; a bare list such as [512, 256] fixes one architecture.");
                    return null;
                }

                bare = true;
                return ReadChoice(info, value, path, errors) is { } layers ? CategoricalDistribution.Fixed(layers) : null;

            default:
                if (value.ValueKind != JsonValueKind.Object)
                {
                    bare = true;
                    return ReadChoice(info, value, path, errors) is { } choice ? CategoricalDistribution.Fixed(choice) : null;
                }

                if (RangeKeys.Any(k => value.TryGetProperty(k, out _)))
                {
                    errors.Add(path, $"{name} is categorical: give {{\"values\": [...]}} or a single value, not min/max.");
                    return null;
                }

                if (!value.TryGetProperty("values", out _))
                {
                    var keys = string.Join(", ", value.EnumerateObject().Select(k => $"\"{k.Name}\""));
                    errors.Add(path, $"{name} is categorical: give {{\"values\": [...]}} or a single value (got an object {(keys.Length == 0 ? "with no keys" : $"with {keys}")}).");
                    return null;
                }

                return ParseValues(info, value, path, errors);
        }
    }

    private static Distribution? ParseRange(ParameterDefinition info, JsonElement value, string path, ErrorCollector errors)
    {
        var name = info.Name;
        var ok = true;
        foreach (var key in value.EnumerateObject())
        {
            if (!RangeKeys.Contains(key.Name, StringComparer.Ordinal) && key.Name != When)
            {
                errors.Add($"{path}.{key.Name}", $"{name}: unknown key \"{key.Name}\" (expected min, max and scale, or values).");
                ok = false;
            }
        }

        var min = ReadBound(info, value, "min", path, errors);
        var max = ReadBound(info, value, "max", path, errors);
        var scale = info.DefaultScale;
        if (value.TryGetProperty("scale", out var scaleElement)
            && (scaleElement.ValueKind != JsonValueKind.String || !ScaleNames.TryParse(scaleElement.GetString(), out scale)))
        {
            errors.Add($"{path}.scale", $"{name}: scale must be \"linear\" or \"log\".");
            ok = false;
        }

        if (!ok || min is null || max is null)
        {
            return null;
        }

        return info.Kind == ParameterKind.Int
            ? new IntDistribution((int)min.Value, (int)max.Value, scale)
            : new FloatDistribution(min.Value, max.Value, scale);
    }

    private static double? ReadBound(ParameterDefinition info, JsonElement range, string key, string path, ErrorCollector errors)
    {
        if (!range.TryGetProperty(key, out var element))
        {
            errors.Add($"{path}.{key}", $"{info.Name}: {key} is required for a range (or give values, or a bare number).");
            return null;
        }

        return ReadNumber(info, element, $"{path}.{key}", errors) switch
        {
            double d => d,
            int i => i,
            _ => null,
        };
    }

    private static CategoricalDistribution? ParseValues(ParameterDefinition info, JsonElement value, string path, ErrorCollector errors)
    {
        var name = info.Name;
        var ok = true;
        foreach (var key in value.EnumerateObject())
        {
            if (key.Name is not ("values" or When))
            {
                errors.Add($"{path}.{key.Name}", RangeKeys.Contains(key.Name, StringComparer.Ordinal)
                    ? $"{name}: give either min/max/scale or values, not both."
                    : $"{name}: unknown key \"{key.Name}\" next to values.");
                ok = false;
            }
        }

        var values = value.GetProperty("values");
        if (values.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}.values", $"{name}: values must be an array (got {JsonKinds.Describe(values)}).");
            return null;
        }

        var choices = new List<object>();
        var index = 0;
        foreach (var element in values.EnumerateArray())
        {
            var elementPath = $"{path}.values[{index++}]";
            var choice = info.Kind is ParameterKind.Float or ParameterKind.Int
                ? ReadNumber(info, element, elementPath, errors)
                : ReadChoice(info, element, elementPath, errors);
            if (choice is null)
            {
                ok = false;
            }
            else
            {
                choices.Add(choice);
            }
        }

        return ok ? new CategoricalDistribution(choices) : null;
    }

    private static object? ReadNumber(ParameterDefinition info, JsonElement element, string path, ErrorCollector errors)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            errors.Add(path, $"{info.Name}: expected {SearchSpaceValidator.KindName(info.Kind)} (got {JsonKinds.Describe(element)}).");
            return null;
        }

        if (info.Kind == ParameterKind.Int)
        {
            if (number != Math.Floor(number) || number < int.MinValue || number > int.MaxValue)
            {
                errors.Add(path, $"{info.Name}: expected an integer (got {SearchSpaceValidator.Format(number)}).");
                return null;
            }

            return (int)number;
        }

        return number;
    }

    private static object? ReadChoice(ParameterDefinition info, JsonElement element, string path, ErrorCollector errors)
    {
        switch (info.Kind)
        {
            case ParameterKind.String when element.ValueKind == JsonValueKind.String:
                return element.GetString()!;
            case ParameterKind.Bool when element.ValueKind is JsonValueKind.True or JsonValueKind.False:
                return element.GetBoolean();
            case ParameterKind.Layers when element.ValueKind == JsonValueKind.Array:
                var widths = new List<int>();
                var index = 0;
                foreach (var width in element.EnumerateArray())
                {
                    if (width.ValueKind == JsonValueKind.Number && width.TryGetInt32(out var w))
                    {
                        widths.Add(w);
                    }
                    else
                    {
                        errors.Add($"{path}[{index}]", $"{info.Name}: layer widths must be integers (got {JsonKinds.Describe(width)}).");
                        return null;
                    }

                    index++;
                }

                return widths.AsReadOnly();
            default:
                errors.Add(path, $"{info.Name}: expected {SearchSpaceValidator.KindName(info.Kind)} (got {JsonKinds.Describe(element)}).");
                return null;
        }
    }
}
