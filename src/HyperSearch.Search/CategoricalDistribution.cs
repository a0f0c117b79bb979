using System.Text.Json.Nodes;

namespace HyperSearch.Search;

/// <summary>
/// An explicit list of values, each equally likely: strings, booleans, numbers (double for float
/// parameters, int for int parameters) or layer lists (IReadOnlyList&lt;int&gt;) for hiddenLayers.
/// One value means the parameter is fixed; it serialises as the bare value.
/// </summary>
public sealed record CategoricalDistribution : Distribution
{
    public CategoricalDistribution(IEnumerable<object> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);

        // Layer lists are copied so a caller's array cannot change a stored space.
        Choices = choices.Select(c => c is IEnumerable<int> widths ? (object)widths.ToArray().AsReadOnly() : c).ToArray().AsReadOnly();
    }

    public IReadOnlyList<object> Choices { get; }

    public bool IsFixed => Choices.Count == 1;

    public override long? Cardinality => Choices.Count;

    public static CategoricalDistribution Fixed(object value) => new([value]);

    public override JsonNode ToJson()
    {
        if (IsFixed)
        {
            return ToNode(Choices[0]);
        }

        var values = new JsonArray();
        foreach (var choice in Choices)
        {
            values.Add(ToNode(choice));
        }

        return new JsonObject { ["values"] = values };
    }

    public bool Equals(CategoricalDistribution? other) =>
        other is not null && Choices.SequenceEqual(other.Choices, ValueComparer.Instance);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var choice in Choices)
        {
            hash.Add(ValueComparer.Instance.GetHashCode(choice));
        }

        return hash.ToHashCode();
    }

    internal override object FromUnit(double u) => Choices[Math.Min((int)(u * Choices.Count), Choices.Count - 1)];

    internal override double ToUnit(object? value)
    {
        for (var i = 0; i < Choices.Count; i++)
        {
            if (ValueComparer.Instance.Equals(Choices[i], value))
            {
                return (i + 0.5) / Choices.Count;
            }
        }

        return double.NaN;
    }

    internal override IReadOnlyList<object> GridValues(int points) => Choices;

    internal override int GridCount(int points) => Choices.Count;

    internal static JsonNode ToNode(object value) => value switch
    {
        double d => JsonValue.Create(d),
        int i => JsonValue.Create(i),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        IReadOnlyList<int> widths => new JsonArray(widths.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
        _ => throw new InvalidOperationException($"Unsupported categorical value type {value.GetType().Name}."),
    };
}
