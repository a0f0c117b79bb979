using System.Text.Json.Nodes;

namespace HyperSearch.Search;

/// <summary>
/// Which parameters apply to a trial: the registry's conditions (momentum only for sgd_momentum and
/// nesterov, …), a space's own <c>"when"</c> conditions, and the parents of per-choice ranges. Also the checks
/// that make a space with conditions always sensible: parents that exist and can take the values named, no
/// cycles, every searched parameter active in some trial.
/// </summary>
internal static class SearchSpaceConditions
{
    public static IEqualityComparer<ParameterCondition> ConditionComparer { get; } = new Comparer();

    /// <summary>The parameters whose values decide whether <paramref name="name"/> applies (registry and space conditions).</summary>
    public static IEnumerable<string> ConditionParents(SearchSpace space, string name)
    {
        if (Parameters.Get(name).Condition is { } registry)
        {
            yield return registry.Parent;
        }

        foreach (var condition in space.Conditions.GetValueOrDefault(name) ?? [])
        {
            yield return condition.Parent;
        }
    }

    /// <summary>Every parameter <paramref name="name"/> depends on in <paramref name="space"/>: condition parents and a per-choice parent.</summary>
    public static IEnumerable<string> ParentsOf(SearchSpace space, string name) =>
        space.Parameters[name] is PerChoiceDistribution perChoice ? ConditionParents(space, name).Append(perChoice.Parent) : ConditionParents(space, name);

    /// <summary>The space's names with parents first, otherwise in canonical order (a cycle leaves its members in canonical order; validation reports it).</summary>
    public static IReadOnlyList<string> DependencyOrder(SearchSpace space)
    {
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>(space.Names.Count);
        var progress = true;
        while (order.Count < space.Names.Count && progress)
        {
            progress = false;
            foreach (var name in space.Names)
            {
                if (!placed.Contains(name) && ParentsOf(space, name).All(p => p == name || !space.Parameters.ContainsKey(p) || placed.Contains(p)))
                {
                    placed.Add(name);
                    order.Add(name);
                    progress = true;
                    break; // restart: keep canonical order wherever the dependencies allow it
                }
            }
        }

        order.AddRange(space.Names.Where(n => !placed.Contains(n)));
        return order.AsReadOnly();
    }

    /// <summary>A parent's value in a trial being built: its drawn value when searched and active, else its default.</summary>
    public static object ValueOf(SearchSpace space, string parent, IReadOnlyDictionary<string, object> values) =>
        space.Parameters.ContainsKey(parent) && values.TryGetValue(parent, out var value) ? value : Parameters.Get(parent).Default;

    /// <summary>Whether <paramref name="name"/> applies, given the values (and activity) of the parameters resolved before it.</summary>
    public static bool IsActive(SearchSpace space, string name, IReadOnlyDictionary<string, object> values, IReadOnlyDictionary<string, bool> active)
    {
        bool Holds(ParameterCondition condition)
        {
            var parentActive = space.Parameters.ContainsKey(condition.Parent)
                ? active.GetValueOrDefault(condition.Parent, true)
                : Hyperparameters.Default.IsActive(condition.Parent);
            return parentActive && condition.Values.Contains(ValueOf(space, condition.Parent, values), ValueComparer.Instance);
        }

        return (Parameters.Get(name).Condition is not { } registry || Holds(registry))
            && (space.Conditions.GetValueOrDefault(name) ?? []).All(Holds);
    }

    /// <summary>The values a parameter can take in trials of the space (null for a continuous range).</summary>
    public static IReadOnlyList<object>? PossibleValues(SearchSpace space, string name)
    {
        var definition = Parameters.Get(name);
        switch (space.Find(name))
        {
            case null:
                return [definition.Default];
            case CategoricalDistribution categorical:
                return categorical.Choices;
            case IntDistribution range when (long)range.Max - range.Min < 10_000:
                return Enumerable.Range(range.Min, range.Max - range.Min + 1).Cast<object>().ToArray();
            default:
                return null;
        }
    }

    public static void Validate(SearchSpace space, string path, ErrorCollector errors)
    {
        foreach (var (name, conditions) in space.Conditions)
        {
            if (Parameters.Get(name).IsDerived)
            {
                errors.Add($"{path}.{name}.when", $"{name} is a shorthand for hiddenLayers and cannot have a condition; give hiddenLayers values instead.");
                continue;
            }

            foreach (var condition in conditions)
            {
                ValidateParent(space, name, condition.Parent, condition.Values, $"{path}.{name}.when.{condition.Parent}", "when", errors);
            }
        }

        foreach (var name in space.Names)
        {
            if (space.Parameters[name] is PerChoiceDistribution perChoice)
            {
                ValidatePerChoice(space, name, perChoice, $"{path}.{name}", errors);
            }

            // A searched parameter that no trial of the space would use is a mistake worth a 400.
            if (Parameters.Get(name).Condition is { } registry && PossibleValues(space, registry.Parent) is { } possible
                && !possible.Any(v => registry.Values.Contains(v, ValueComparer.Instance)))
            {
                errors.Add($"{path}.{name}", $"{name} only applies when {registry.Parent} is {Describe(registry.Values)}, which this space never uses: "
                    + $"add one of those values to {registry.Parent} or leave {name} out.");
            }
        }

        var order = space.BuildOrder;
        for (var i = 0; i < order.Count; i++)
        {
            var parents = ParentsOf(space, order[i]).Where(p => space.Parameters.ContainsKey(p)).ToList();
            if (parents.Any(p => p == order[i] || order.Take(i).All(o => o != p)))
            {
                errors.Add($"{path}.{order[i]}", $"{order[i]}: its conditions form a cycle ({order[i]} depends on {string.Join(", ", parents)}, which depend on it).");
            }
        }
    }

    public static JsonObject ToJson(IReadOnlyList<ParameterCondition> conditions)
    {
        var json = new JsonObject();
        foreach (var condition in conditions)
        {
            json[condition.Parent] = new JsonArray(condition.Values.Select(v => (JsonNode?)CategoricalDistribution.ToNode(v)).ToArray());
        }

        return json;
    }

    /// <summary>The error for a condition or per-choice range whose parent is no parameter (with the closest name, if one is close).</summary>
    internal static string UnknownParent(string name, string key, string parent)
    {
        var suggestion = Parameters.Suggest(parent);
        return $"{name}.{key}: unknown parameter \"{parent}\"{(suggestion is null ? "" : $"; did you mean \"{suggestion}\"?")}.";
    }

    /// <summary>Checks that <paramref name="parent"/> can pick <paramref name="name"/>'s applicability or range: a known categorical that can take every value named.</summary>
    private static bool ValidateParent(SearchSpace space, string name, string parent, IReadOnlyList<object> values, string path, string key, ErrorCollector errors)
    {
        if (!Parameters.TryGet(parent, out var definition))
        {
            errors.Add(path, UnknownParent(name, key, parent));
            return false;
        }

        if (parent == name)
        {
            errors.Add(path, $"{name}.{key}: a parameter cannot depend on itself.");
            return false;
        }

        if (definition.IsDerived || definition.Kind is ParameterKind.Float or ParameterKind.Layers)
        {
            errors.Add(path, $"{name}.{key}: {parent} cannot be a condition: only categorical, boolean or integer parameters can (got a {definition.Kind.ToString().ToLowerInvariant()} parameter).");
            return false;
        }

        if (values.Count == 0)
        {
            errors.Add(path, $"{name}.{key}: list at least one value of {parent}.");
            return false;
        }

        var possible = PossibleValues(space, parent);
        var ok = true;
        foreach (var value in values)
        {
            if (possible is not null && !possible.Contains(value, ValueComparer.Instance))
            {
                errors.Add(path, $"{name}.{key}: {parent} never takes {Describe([value])} in this space (it takes {Describe(possible)}).");
                ok = false;
            }
        }

        return ok;
    }

    private static void ValidatePerChoice(SearchSpace space, string name, PerChoiceDistribution perChoice, string path, ErrorCollector errors)
    {
        var definition = Parameters.Get(name);
        var key = PerChoiceDistribution.KeyFor(perChoice.Parent);
        if (definition.Kind is not (ParameterKind.Float or ParameterKind.Int))
        {
            errors.Add($"{path}.{key}", $"{name}: per-choice ranges are for numeric parameters.");
            return;
        }

        if (!ValidateParent(space, name, perChoice.Parent, perChoice.Cases.Select(c => c.Key).ToList(), $"{path}.{key}", key, errors))
        {
            return;
        }

        foreach (var (value, range) in perChoice.Cases)
        {
            SearchSpaceValidator.Validate(definition, range, $"{path}.{key}.{PerChoiceDistribution.CaseKey(value)}", bare: false, errors);
        }

        var missing = (PossibleValues(space, perChoice.Parent) ?? []).Where(v => perChoice.CaseFor(v) is null).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"{path}.{key}", $"{name}: give a range for every value {perChoice.Parent} takes in this space; missing {Describe(missing)}.");
        }
    }

    private static string Describe(IEnumerable<object> values) =>
        string.Join(" or ", values.Select(v => CategoricalDistribution.ToNode(v).ToJsonString()));

    private sealed class Comparer : IEqualityComparer<ParameterCondition>
    {
        public bool Equals(ParameterCondition? x, ParameterCondition? y) =>
            x is not null && y is not null && x.Parent == y.Parent && x.Values.SequenceEqual(y.Values, ValueComparer.Instance);

        public int GetHashCode(ParameterCondition obj) => obj.Parent.GetHashCode(StringComparison.Ordinal);
    }
}
