using System.Globalization;
using System.Text.Json.Nodes;

namespace HyperSearch.Search;

/// <summary>
/// A range that depends on another parameter's value — <c>"learningRate": {"byOptimizer": {"adam": {…},
/// "sgd_momentum": {…}}}</c>: the good learning rates of Adam and of SGD with momentum lie decades apart, so
/// one shared range wastes trials on both. One case per value the parent can take in the space. Samplers draw
/// a unit coordinate for this dimension as for any other; <see cref="SearchSpace"/> maps it through the case of
/// the parent's value, so random, Sobol and the grid treat it like a plain range.
/// </summary>
public sealed record PerChoiceDistribution : Distribution
{
    public PerChoiceDistribution(string parent, IEnumerable<KeyValuePair<object, Distribution>> cases)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(cases);
        Parent = parent;
        Cases = cases.ToArray().AsReadOnly();
    }

    /// <summary>The parameter whose value picks the range (a categorical or boolean).</summary>
    public string Parent { get; }

    /// <summary>The range for each value of <see cref="Parent"/>, in the order given.</summary>
    public IReadOnlyList<KeyValuePair<object, Distribution>> Cases { get; }

    /// <summary>The spec key for a parent, e.g. "byOptimizer".</summary>
    public static string KeyFor(string parent) => "by" + char.ToUpperInvariant(parent[0]) + parent[1..];

    public override long? Cardinality => null;

    /// <summary>The range used when the parent takes <paramref name="parentValue"/>, or null.</summary>
    public Distribution? CaseFor(object parentValue) =>
        Cases.FirstOrDefault(c => ValueComparer.Instance.Equals(c.Key, parentValue)).Value;

    public override JsonNode ToJson()
    {
        var cases = new JsonObject();
        foreach (var (value, range) in Cases)
        {
            cases[CaseKey(value)] = range.ToJson();
        }

        return new JsonObject { [KeyFor(Parent)] = cases };
    }

    /// <summary>How a parent value is written as a JSON key: strings as they are, booleans "true"/"false", numbers invariant.</summary>
    public static string CaseKey(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public bool Equals(PerChoiceDistribution? other) =>
        other is not null && Parent == other.Parent && Cases.Count == other.Cases.Count
        && Cases.Zip(other.Cases).All(p => ValueComparer.Instance.Equals(p.First.Key, p.Second.Key) && p.First.Value.Equals(p.Second.Value));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Parent);
        foreach (var (value, range) in Cases)
        {
            hash.Add(ValueComparer.Instance.GetHashCode(value));
            hash.Add(range);
        }

        return hash.ToHashCode();
    }

    // Placeholders the space resolves once the parent's value is known.
    internal override object FromUnit(double u) => new PerChoiceDraw(u, 0, 0);

    internal override IReadOnlyList<object> GridValues(int points) =>
        Enumerable.Range(0, GridCount(points)).Select(i => (object)new PerChoiceDraw(double.NaN, i, points)).ToArray();

    internal override int GridCount(int points) => Cases.Max(c => c.Value.GridCount(points));

    // Without the parent's value a coordinate is unknown; TPE asks through the overload below.
    internal override double ToUnit(object? value) => double.NaN;

    /// <summary>The unit coordinate of <paramref name="value"/> within the range of <paramref name="parentValue"/> (NaN outside it).</summary>
    internal double ToUnit(object? value, object parentValue) => CaseFor(parentValue)?.ToUnit(value) ?? double.NaN;

    /// <summary>The value a sampler's placeholder stands for under the parent's value.</summary>
    internal object Resolve(object draw, object parentValue)
    {
        var range = CaseFor(parentValue) ?? throw new InvalidOperationException($"No range for {Parent} = {CaseKey(parentValue)}.");
        var d = (PerChoiceDraw)draw;
        if (double.IsNaN(d.Unit))
        {
            var values = range.GridValues(d.GridPoints);
            return values[Math.Min(d.GridIndex, values.Count - 1)];
        }

        return range.FromUnit(d.Unit);
    }
}
