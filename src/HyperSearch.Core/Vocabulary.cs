namespace HyperSearch.Core;

/// <summary>
/// A closed set of names as they travel on the wire (spec fields, query values, stored columns,
/// the dashboard's lists through <c>GET /api/schema</c>). Parsing is exact: one of the names, case and
/// spelling as listed — no aliases, no numbers, no comma lists — so what is accepted is what is stored.
/// </summary>
public sealed class Vocabulary
{
    private readonly HashSet<string> _names;

    public Vocabulary(string field, params string[] names)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(field);
        ArgumentNullException.ThrowIfNull(names);
        Field = field;
        Names = names.ToArray().AsReadOnly();
        _names = new HashSet<string>(names, StringComparer.Ordinal);
        if (_names.Count != names.Length)
        {
            throw new ArgumentException("Names must be distinct.", nameof(names));
        }
    }

    /// <summary>The spec field these names fill, e.g. "strategy" or "dataset.preprocessing".</summary>
    public string Field { get; }

    /// <summary>Every name, in the order documentation and forms list them.</summary>
    public IReadOnlyList<string> Names { get; }

    public bool Contains(string? name) => name is not null && _names.Contains(name);

    /// <summary>"'a', 'b' or 'c'": the list an error message offers.</summary>
    public string Describe() => Names.Count == 1
        ? $"'{Names[0]}'"
        : $"{string.Join(", ", Names.Take(Names.Count - 1).Select(n => $"'{n}'"))} or '{Names[^1]}'";

    /// <summary>The error message for a value that is not one of the names.</summary>
    public string Unknown(string? value) => $"Unknown {Field} '{value}'. Use {Describe()}.";
}
