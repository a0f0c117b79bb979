using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HyperSearch.Search;

/// <summary>
/// The parameters a stage searches over, each with its <see cref="Distribution"/>; parameters left
/// out keep <see cref="Hyperparameters"/>' defaults. Always valid (every factory validates) and
/// immutable. Serialises (also via System.Text.Json) to the same JSON the user writes.
/// </summary>
[JsonConverter(typeof(SearchSpaceJsonConverter))]
public sealed record SearchSpace
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<ParameterCondition>> NoConditions =
        new Dictionary<string, IReadOnlyList<ParameterCondition>>(StringComparer.Ordinal);

    private readonly Dictionary<string, Distribution> _parameters;

    private SearchSpace(IEnumerable<KeyValuePair<string, Distribution>> entries, IReadOnlyDictionary<string, IReadOnlyList<ParameterCondition>>? conditions = null)
    {
        _parameters = new Dictionary<string, Distribution>(StringComparer.Ordinal);
        foreach (var (name, distribution) in entries)
        {
            _parameters.Add(name, distribution);
        }

        Conditions = conditions is null || conditions.Count == 0 ? NoConditions
            : conditions.Where(c => _parameters.ContainsKey(c.Key) && c.Value.Count > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

        // Canonical order, not the user's key order: sampling must not depend on how JSON was written.
        Names = _parameters.Keys.OrderBy(name => Search.Parameters.Get(name).Order).ToArray().AsReadOnly();
        BuildOrder = SearchSpaceConditions.DependencyOrder(this);
    }

    /// <summary>No parameters: every trial uses <see cref="Hyperparameters.Default"/>.</summary>
    public static SearchSpace Empty { get; } = new([]);

    /// <summary>The parameters present, in <see cref="Parameters.All"/> order (the samplers' dimension order).</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyDictionary<string, Distribution> Parameters => _parameters;

    /// <summary>
    /// The space's own conditions (<c>"when"</c>), per parameter: it is active only where every one holds,
    /// on top of its registry condition (<see cref="ParameterDefinition.Condition"/>).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ParameterCondition>> Conditions { get; }

    /// <summary><see cref="Names"/> with every parent (of a condition or a per-choice range) before its children: the order values are resolved in.</summary>
    internal IReadOnlyList<string> BuildOrder { get; }

    public Distribution? Find(string name) => _parameters.GetValueOrDefault(name);

    /// <summary>Parses and validates; throws <see cref="SearchSpaceException"/> listing every problem.</summary>
    /// <param name="path">Prefix of the error keys, e.g. "space" or "refine.space".</param>
    public static SearchSpace Parse(JsonElement json, string path = "space") => SearchSpaceParser.Parse(json, path);

    public static SearchSpace Parse(string json, string path = "space")
    {
        using (var document = JsonKinds.Parse(json, path))
        {
            return Parse(document.RootElement, path);
        }
    }

    /// <summary>Builds a space from distributions (e.g. a refined stage), with the same validation as parsing.</summary>
    public static SearchSpace Create(
        IEnumerable<KeyValuePair<string, Distribution>> parameters, string path = "space", IReadOnlyDictionary<string, IReadOnlyList<ParameterCondition>>? conditions = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var errors = new ErrorCollector();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = parameters.ToList();
        foreach (var (name, distribution) in list)
        {
            var parameterPath = $"{path}.{name}";
            if (!Search.Parameters.TryGet(name, out var info))
            {
                errors.Add(parameterPath, $"Unknown parameter \"{name}\".");
            }
            else if (!names.Add(name))
            {
                errors.Add(parameterPath, $"{name} is given more than once.");
            }
            else
            {
                SearchSpaceValidator.Validate(info, distribution, parameterPath, bare: false, errors);
            }
        }

        ValidateCombination(names, path, errors);
        errors.ThrowIfAny();
        var space = new SearchSpace(list, conditions);
        SearchSpaceConditions.Validate(space, path, errors);
        errors.ThrowIfAny();
        return space;
    }

    /// <summary>This space with one parameter replaced or added (validated).</summary>
    public SearchSpace With(string name, Distribution distribution) =>
        Create(_parameters.Where(p => p.Key != name).Append(new(name, distribution)), conditions: Conditions);

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var name in Names)
        {
            var node = _parameters[name].ToJson();
            if (Conditions.TryGetValue(name, out var when))
            {
                // A bare value gains an object form so its condition has somewhere to live.
                var entry = node as JsonObject ?? new JsonObject { ["values"] = new JsonArray(node) };
                entry["when"] = SearchSpaceConditions.ToJson(when);
                node = entry;
            }

            json[name] = node;
        }

        return json;
    }

    public string ToJsonString() => ToJson().ToJsonString();

    public override string ToString() => ToJsonString();

    public bool Equals(SearchSpace? other) =>
        other is not null
        && Names.SequenceEqual(other.Names)
        && Names.All(n => _parameters[n].Equals(other._parameters[n]))
        && Conditions.Count == other.Conditions.Count
        && Conditions.All(c => other.Conditions.TryGetValue(c.Key, out var o) && c.Value.SequenceEqual(o, SearchSpaceConditions.ConditionComparer));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var name in Names)
        {
            hash.Add(name);
            hash.Add(_parameters[name]);
        }

        return hash.ToHashCode();
    }

    internal static SearchSpace CreateUnchecked(
        IEnumerable<KeyValuePair<string, Distribution>> parameters, IReadOnlyDictionary<string, IReadOnlyList<ParameterCondition>>? conditions = null) =>
        new(parameters, conditions);

    internal static void ValidateCombination(IReadOnlySet<string> names, string path, ErrorCollector errors)
    {
        if (names.Contains(Search.Parameters.HiddenLayers.Name) && (names.Contains(Search.Parameters.Depth.Name) || names.Contains(Search.Parameters.Width.Name)))
        {
            errors.Add($"{path}.{Search.Parameters.HiddenLayers.Name}", "hiddenLayers cannot be combined with depth/width: give the layer lists, or depth and width (hiddenLayers = depth × [width]).");
        }
    }

    /// <summary>
    /// A trial's hyperparameters from one value per dimension, in <see cref="Names"/> order (a sampler's draw:
    /// per-choice dimensions give placeholders resolved here under their parent's value). Parameters whose
    /// condition does not hold come out inactive.
    /// </summary>
    internal Hyperparameters Build(IReadOnlyList<object> values)
    {
        var byName = new Dictionary<string, object>(Names.Count, StringComparer.Ordinal);
        for (var i = 0; i < Names.Count; i++)
        {
            byName[Names[i]] = values[i];
        }

        var active = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var name in BuildOrder)
        {
            var isActive = SearchSpaceConditions.IsActive(this, name, byName, active);
            active[name] = isActive;
            if (isActive && _parameters[name] is PerChoiceDistribution perChoice)
            {
                byName[name] = perChoice.Resolve(byName[name], SearchSpaceConditions.ValueOf(this, perChoice.Parent, byName));
            }
        }

        var stored = new List<KeyValuePair<string, object>>(Names.Count);
        int? depth = null;
        int? width = null;
        foreach (var name in Names)
        {
            if (!active[name])
            {
                continue;
            }

            if (name == Search.Parameters.Depth.Name)
            {
                depth = (int)byName[name];
            }
            else if (name == Search.Parameters.Width.Name)
            {
                width = (int)byName[name];
            }
            else
            {
                stored.Add(new(name, byName[name]));
            }
        }

        if (depth is not null || width is not null)
        {
            // The shorthands compose hiddenLayers = depth × [width], each defaulting to the registry's.
            stored.Add(new(Search.Parameters.HiddenLayers.Name, Enumerable.Repeat(width ?? Search.Parameters.Width.Default, depth ?? Search.Parameters.Depth.Default).ToArray()));
        }

        // The registry's conditions apply inside Hyperparameters; the space's own ones here.
        return Hyperparameters.From(stored).Without(Conditions.Keys.Where(n => !active[n] && Hyperparameters.IsStored(n)).ToList());
    }
}
