using System.Globalization;

namespace HyperSearch.Search;

/// <summary>
/// Semantic checks on parsed distributions: ranges ordered, log ranges positive, values known,
/// hard limits. Shared by JSON parsing and programmatic construction (refined stages), so a space
/// that exists is always runnable.
/// </summary>
internal static class SearchSpaceValidator
{
    public static void Validate(ParameterDefinition info, Distribution distribution, string path, bool bare, ErrorCollector errors)
    {
        var name = info.Name;
        switch (distribution)
        {
            case FloatDistribution range when info.Kind == ParameterKind.Float:
                ValidateRange(name, range.Min, range.Max, range.Scale, logMin: 0, logMinInclusive: false, info.Bounds, path, errors);
                break;
            case IntDistribution range when info.Kind == ParameterKind.Int:
                ValidateRange(name, range.Min, range.Max, range.Scale, logMin: 1, logMinInclusive: true, info.Bounds, path, errors);
                break;
            case CategoricalDistribution categorical:
                ValidateChoices(info, categorical, path, bare, errors);
                break;
            case PerChoiceDistribution:
                break; // each case is checked with the parent, by SearchSpaceConditions
            default:
                errors.Add(path, info.Kind is ParameterKind.Float or ParameterKind.Int
                    ? $"{name} needs a {KindName(info.Kind)} range or a list of values, not a {distribution.GetType().Name}."
                    : $"{name} is categorical: give {{\"values\": [...]}} or a single value.");
                break;
        }
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void ValidateRange(
        string name, double min, double max, ParameterScale scale, double logMin, bool logMinInclusive,
        ParameterBounds? bounds, string path, ErrorCollector errors)
    {
        if (!double.IsFinite(min))
        {
            errors.Add($"{path}.min", $"{name}: min must be a finite number.");
            return;
        }

        if (!double.IsFinite(max))
        {
            errors.Add($"{path}.max", $"{name}: max must be a finite number.");
            return;
        }

        if (min >= max)
        {
            errors.Add($"{path}.min", $"{name}: min ({Format(min)}) must be less than max ({Format(max)}); to fix a value, give it as a bare number.");
        }

        if (scale == ParameterScale.Log && (logMinInclusive ? min < logMin : min <= logMin))
        {
            errors.Add($"{path}.min", $"{name}: a log-scale range needs min {(logMinInclusive ? "≥" : ">")} {Format(logMin)} (got {Format(min)}).");
        }

        if (bounds is not null)
        {
            if (!bounds.Contains(min))
            {
                errors.Add($"{path}.min", $"{name}: min {Format(min)} is outside the allowed range {bounds}.");
            }

            if (!bounds.Contains(max))
            {
                errors.Add($"{path}.max", $"{name}: max {Format(max)} is outside the allowed range {bounds}.");
            }
        }
    }

    private static void ValidateChoices(ParameterDefinition info, CategoricalDistribution categorical, string path, bool bare, ErrorCollector errors)
    {
        var name = info.Name;
        if (categorical.Choices.Count == 0)
        {
            errors.Add($"{path}.values", $"{name}: values must not be empty.");
            return;
        }

        var seen = new HashSet<object?>(ValueComparer.Instance);
        for (var i = 0; i < categorical.Choices.Count; i++)
        {
            var value = categorical.Choices[i];
            var valuePath = bare && categorical.IsFixed ? path : $"{path}.values[{i}]";
            if (!seen.Add(value))
            {
                errors.Add(valuePath, $"{name}: duplicate value {Describe(value)}.");
                continue;
            }

            ValidateValue(info, value, valuePath, errors);
        }
    }

    private static void ValidateValue(ParameterDefinition info, object value, string path, ErrorCollector errors)
    {
        var name = info.Name;
        switch (info.Kind)
        {
            case ParameterKind.Float when value is double d:
                CheckBounds(name, d, info.Bounds, path, errors);
                break;
            case ParameterKind.Int when value is int n:
                CheckBounds(name, n, info.Bounds, path, errors);
                break;
            case ParameterKind.String when value is string s:
                if (!info.AllowedStrings!.Contains(s, StringComparer.Ordinal))
                {
                    errors.Add(path, $"{name}: unknown value \"{s}\"; allowed: {string.Join(", ", info.AllowedStrings!)}.");
                }

                break;
            case ParameterKind.Bool when value is bool:
                break;
            case ParameterKind.Layers when value is IReadOnlyList<int> widths:
                if (!Parameters.Depth.Bounds!.Contains(widths.Count))
                {
                    errors.Add(path, $"{name}: {widths.Count} hidden layers is outside the allowed depth {Parameters.Depth.Bounds!}.");
                }

                for (var j = 0; j < widths.Count; j++)
                {
                    if (!Parameters.Width.Bounds!.Contains(widths[j]))
                    {
                        errors.Add($"{path}[{j}]", $"{name}: width {widths[j]} is outside the allowed range {Parameters.Width.Bounds!}.");
                    }
                }

                break;
            default:
                errors.Add(path, $"{name}: expected {KindName(info.Kind)}, got {Describe(value)}.");
                break;
        }
    }

    private static void CheckBounds(string name, double value, ParameterBounds? bounds, string path, ErrorCollector errors)
    {
        if (!double.IsFinite(value))
        {
            errors.Add(path, $"{name}: values must be finite numbers.");
        }
        else if (bounds is not null && !bounds.Contains(value))
        {
            errors.Add(path, $"{name}: {Format(value)} is outside the allowed range {bounds}.");
        }
    }

    public static string KindName(ParameterKind kind) => kind switch
    {
        ParameterKind.Float => "a number",
        ParameterKind.Int => "an integer",
        ParameterKind.String => "a string",
        ParameterKind.Bool => "true or false",
        _ => "a list of layer widths such as [512, 256]",
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        double d => Format(d),
        IReadOnlyList<int> widths => $"[{string.Join(", ", widths)}]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "?",
    };
}
