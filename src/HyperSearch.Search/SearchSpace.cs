using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HyperSearch.Search;

/// <summary>
/// The _parameters a stage searches over, each with its <see cref="Distribution"/>; _parameters left
/// out keep <see cref="Hyperparameters"/>' defaults. Always valid (every factory validates) and
/// immutable. Serialises (also via System.Text.Json) to the same JSON the user writes.
/// </summary>
[JsonConverter(typeof(SearchSpaceJsonConverter))]
public sealed record SearchSpace
{
    private readonly Dictionary<string, Distribution> _parameters;

    private SearchSpace(IEnumerable<KeyValuePair<string, Distribution>> entries)
    {
        _parameters = new Dictionary<string, Distribution>(StringComparer.Ordinal);
        foreach (var (name, distribution) in entries)
        {
            _parameters.Add(name, distribution);
        }

        // Canonical order, not the user's key order: sampling must not depend on how JSON was written.
        Names = _parameters.Keys.OrderBy(name => Search.Parameters.Get(name).Order).ToArray().AsReadOnly();
    }

    /// <summary>No parameters: every trial uses <see cref="Hyperparameters.Default"/>.</summary>
    public static SearchSpace Empty { get; } = new([]);

    /// <summary>The _parameters present, in <see cref="Parameters.All"/> order (the samplers' dimension order).</summary>
    public IReadOnlyList<string> Names { get; }

    public IReadOnlyDictionary<string, Distribution> Parameters => _parameters;

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
    public static SearchSpace Create(IEnumerable<KeyValuePair<string, Distribution>> _parameters, string path = "space")
    {
        ArgumentNullException.ThrowIfNull(_parameters);
        var errors = new ErrorCollector();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var list = _parameters.ToList();
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
        return new SearchSpace(list);
    }

    /// <summary>This space with one parameter replaced or added (validated).</summary>
    public SearchSpace With(string name, Distribution distribution) =>
        Create(_parameters.Where(p => p.Key != name).Append(new(name, distribution)));

    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var name in Names)
        {
            json[name] = _parameters[name].ToJson();
        }

        return json;
    }

    public string ToJsonString() => ToJson().ToJsonString();

    public override string ToString() => ToJsonString();

    public bool Equals(SearchSpace? other) =>
        other is not null
        && Names.SequenceEqual(other.Names)
        && Names.All(n => _parameters[n].Equals(other._parameters[n]));

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

    internal static SearchSpace CreateUnchecked(IEnumerable<KeyValuePair<string, Distribution>> _parameters) => new(_parameters);

    internal static void ValidateCombination(IReadOnlySet<string> names, string path, ErrorCollector errors)
    {
        if (names.Contains(Search.Parameters.HiddenLayers.Name) && (names.Contains(Search.Parameters.Depth.Name) || names.Contains(Search.Parameters.Width.Name)))
        {
            errors.Add($"{path}.{Search.Parameters.HiddenLayers.Name}", "hiddenLayers cannot be combined with depth/width: give the layer lists, or depth and width (hiddenLayers = depth × [width]).");
        }
    }

    /// <summary>A trial's hyperparameters from one value per dimension, in <see cref="Names"/> order.</summary>
    internal Hyperparameters Build(IReadOnlyList<object> values)
    {
        var stored = new List<KeyValuePair<string, object>>(Names.Count);
        int? depth = null;
        int? width = null;
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i] == Search.Parameters.Depth.Name)
            {
                depth = (int)values[i];
            }
            else if (Names[i] == Search.Parameters.Width.Name)
            {
                width = (int)values[i];
            }
            else
            {
                stored.Add(new(Names[i], values[i]));
            }
        }

        if (depth is not null || width is not null)
        {
            // The shorthands compose hiddenLayers = depth × [width], each defaulting to the registry's.
            stored.Add(new(Search.Parameters.HiddenLayers.Name, Enumerable.Repeat(width ?? Search.Parameters.Width.Default, depth ?? Search.Parameters.Depth.Default).ToArray()));
        }

        return Hyperparameters.From(stored);
    }
}
