using System.Text.Json.Serialization;

namespace HyperSearch.Search;

/// <summary>
/// Every concrete value one trial trains with: one value per stored entry of <see cref="Parameters"/>
/// (parameters a space leaves out keep their registry default). Immutable, compared by value, and
/// serialised as a camelCase JSON object keyed by parameter name whatever the caller's naming policy.
/// </summary>
[JsonConverter(typeof(HyperparametersJsonConverter))]
public sealed class Hyperparameters : IEquatable<Hyperparameters>
{
    private static readonly Dictionary<string, int> StoredIndex =
        Parameters.Stored.Select((p, i) => (p.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    // One value per Parameters.Stored entry, in that order.
    private readonly object[] _values;

    internal Hyperparameters(object[] values) => _values = values;

    public static Hyperparameters Default { get; } = new(Parameters.Stored.Select(p => p.Default).ToArray());

    /// <summary>The value of <paramref name="parameter"/> in this trial.</summary>
    public T Get<T>(ParameterDefinition<T> parameter)
        where T : notnull => (T)Get(parameter.Name)!;

    /// <summary>
    /// The value of a search-space parameter as this trial used it (boxed: double, int, bool, string or
    /// IReadOnlyList&lt;int&gt;). The depth and width shorthands are read back from hiddenLayers; width is
    /// null for a network without hidden layers.
    /// </summary>
    public object? Get(string name)
    {
        if (StoredIndex.TryGetValue(name, out var index))
        {
            return _values[index];
        }

        var layers = Get(Parameters.HiddenLayers);
        return name == Parameters.Depth.Name ? layers.Count
            : name == Parameters.Width.Name ? (layers.Count > 0 ? layers.Max() : null)
            : throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown hyperparameter name.");
    }

    /// <summary>This trial with one stored parameter changed.</summary>
    public Hyperparameters With<T>(ParameterDefinition<T> parameter, T value)
        where T : notnull => With(parameter.Name, value);

    /// <summary>This trial with one stored parameter changed (the value's CLR type must match the kind).</summary>
    public Hyperparameters With(string name, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!StoredIndex.TryGetValue(name, out var index))
        {
            throw new ArgumentOutOfRangeException(nameof(name), name, "Not a stored hyperparameter.");
        }

        var values = (object[])_values.Clone();
        values[index] = Normalise(Parameters.Stored[index], value);
        return new Hyperparameters(values);
    }

    /// <summary>Builds a trial from values for some stored parameters (others keep their defaults).</summary>
    internal static Hyperparameters From(IEnumerable<KeyValuePair<string, object>> values)
    {
        var array = (object[])Default._values.Clone();
        foreach (var (name, value) in values)
        {
            var index = StoredIndex[name];
            array[index] = Normalise(Parameters.Stored[index], value);
        }

        return new Hyperparameters(array);
    }

    internal static bool IsStored(string name) => StoredIndex.ContainsKey(name);

    public bool Equals(Hyperparameters? other) =>
        other is not null && _values.AsSpan().SequenceEqual(other._values, ValueComparer.Instance);

    public override bool Equals(object? obj) => Equals(obj as Hyperparameters);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in _values)
        {
            hash.Add(ValueComparer.Instance.GetHashCode(value));
        }

        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(", ", Parameters.Stored.Select((p, i) => $"{p.Name}={CategoricalDistribution.ToNode(_values[i]).ToJsonString()}"));

    private static object Normalise(ParameterDefinition parameter, object value) => (parameter.Kind, value) switch
    {
        (ParameterKind.Float, double) or (ParameterKind.Int, int) or (ParameterKind.Bool, bool) or (ParameterKind.String, string) => value,

        // Layer lists are copied so the value stays immutable whatever list the caller passes.
        (ParameterKind.Layers, IEnumerable<int> widths) => widths.ToArray().AsReadOnly(),
        _ => throw new ArgumentException($"{parameter.Name} takes {parameter.Kind} values, not {value.GetType().Name}.", nameof(value)),
    };
}
