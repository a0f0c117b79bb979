using System.Text.Json.Serialization;

namespace HyperSearch.Search;

/// <summary>
/// Every concrete value one trial trains with: one value per stored entry of <see cref="Parameters"/>
/// (parameters a space leaves out keep their registry default). A parameter can be <em>inactive</em>: its
/// registry condition (momentum only under sgd_momentum/nesterov, …) or the space's own <c>when</c> does
/// not hold for this trial. An inactive parameter is not stored or shown, and the engine gets its default
/// (which it ignores, for the registry's conditions). Immutable, compared by value, and serialised as a
/// camelCase JSON object of the active parameters whatever the caller's naming policy.
/// </summary>
[JsonConverter(typeof(HyperparametersJsonConverter))]
public sealed class Hyperparameters : IEquatable<Hyperparameters>
{
    private static readonly Dictionary<string, int> StoredIndex =
        Parameters.Stored.Select((p, i) => (p.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);

    // One value per Parameters.Stored entry, in that order; null where the parameter is inactive.
    private readonly object?[] _values;

    private Hyperparameters(object?[] values)
    {
        ApplyRegistryConditions(values);
        _values = values;
    }

    public static Hyperparameters Default { get; } = new(Parameters.Stored.Select(p => p.Default).ToArray<object?>());

    /// <summary>The value of <paramref name="parameter"/> in this trial (its default when inactive).</summary>
    public T Get<T>(ParameterDefinition<T> parameter)
        where T : notnull => (T)Get(parameter.Name)!;

    /// <summary>
    /// False when the parameter does not apply to this trial (its condition does not hold): it is then not
    /// sampled, stored or shown, and samplers, the refiner and statistics leave it out. The shorthands
    /// depth and width are always active.
    /// </summary>
    public bool IsActive(string name) => !StoredIndex.TryGetValue(name, out var index) || _values[index] is not null;

    /// <summary>The stored parameters active in this trial, in registry order.</summary>
    public IEnumerable<ParameterDefinition> Active => Parameters.Stored.Where((_, i) => _values[i] is not null);

    /// <summary>
    /// The value of a search-space parameter as this trial used it (boxed: double, int, bool, string or
    /// IReadOnlyList&lt;int&gt;). The depth and width shorthands are read back from hiddenLayers; width is
    /// null for a network without hidden layers.
    /// </summary>
    public object? Get(string name)
    {
        if (StoredIndex.TryGetValue(name, out var index))
        {
            return _values[index] ?? Parameters.Stored[index].Default;
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

        var values = Parameters.Stored.Select((p, i) => _values[i] ?? p.Default).ToArray<object?>();
        values[index] = Normalise(Parameters.Stored[index], value);
        for (var i = 0; i < values.Length; i++)
        {
            // What was inactive stays so unless the change made its registry condition hold.
            if (_values[i] is null && i != index && Parameters.Stored[i].Condition is null)
            {
                values[i] = null;
            }
        }

        return new Hyperparameters(values);
    }

    /// <summary>This trial with the named parameters inactive (a space's own <c>when</c> does not hold).</summary>
    internal Hyperparameters Without(IReadOnlyCollection<string> names)
    {
        if (names.Count == 0)
        {
            return this;
        }

        var values = (object?[])_values.Clone();
        foreach (var name in names)
        {
            values[StoredIndex[name]] = null;
        }

        return new Hyperparameters(values);
    }

    /// <summary>Builds a trial from values for some stored parameters (others keep their defaults).</summary>
    internal static Hyperparameters From(IEnumerable<KeyValuePair<string, object>> values)
    {
        var array = Parameters.Stored.Select(p => p.Default).ToArray<object?>();
        foreach (var (name, value) in values)
        {
            var index = StoredIndex[name];
            array[index] = Normalise(Parameters.Stored[index], value);
        }

        return new Hyperparameters(array);
    }

    /// <summary>A stored trial: the parameters it lists are active (where their conditions hold), the others inactive.</summary>
    internal static Hyperparameters FromStored(IEnumerable<KeyValuePair<string, object>> values)
    {
        var array = new object?[Parameters.Stored.Count];
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

    public override string ToString() => string.Join(", ", Active.Select(p => $"{p.Name}={CategoricalDistribution.ToNode(Get(p.Name)!).ToJsonString()}"));

    // A registry condition whose parent is inactive, or holds another value, makes the child inactive.
    // Parents precede children in registry order, so one pass settles chains.
    private static void ApplyRegistryConditions(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not null && Parameters.Stored[i].Condition is { } condition
                && (values[StoredIndex[condition.Parent]] is not { } parent || !condition.Values.Contains(parent, ValueComparer.Instance)))
            {
                values[i] = null;
            }
        }
    }

    private static object Normalise(ParameterDefinition parameter, object value) => (parameter.Kind, value) switch
    {
        (ParameterKind.Float, double) or (ParameterKind.Int, int) or (ParameterKind.Bool, bool) or (ParameterKind.String, string) => value,

        // Layer lists are copied so the value stays immutable whatever list the caller passes.
        (ParameterKind.Layers, IEnumerable<int> widths) => widths.ToArray().AsReadOnly(),
        _ => throw new ArgumentException($"{parameter.Name} takes {parameter.Kind} values, not {value.GetType().Name}.", nameof(value)),
    };
}
