namespace HyperSearch.Search;

/// <summary>
/// One hyperparameter, defined once: its name in specs, stored trials and the API, its kind and
/// default, its hard limits or allowed values, its default scale, when it applies, and how it binds to
/// the engine. The space parser, validator, samplers, grid, refiner, engine mapping, <c>GET /api/schema</c>
/// (and through it the dashboard's form) all read these entries; <see cref="Parameters"/> lists them.
/// </summary>
public abstract class ParameterDefinition
{
    private protected ParameterDefinition(string name, ParameterKind kind, object defaultValue, string description)
    {
        Name = name;
        Kind = kind;
        Default = defaultValue;
        Description = description;
    }

    /// <summary>The key in a search space, a stored trial and the API (camelCase).</summary>
    public string Name { get; }

    public ParameterKind Kind { get; }

    /// <summary>The value a trial uses when its space leaves this parameter out (double, int, bool, string or IReadOnlyList&lt;int&gt;).</summary>
    public object Default { get; }

    /// <summary>One line for the docs table, the schema and the form.</summary>
    public string Description { get; }

    /// <summary>The scale of a range written without "scale".</summary>
    public ParameterScale DefaultScale { get; init; } = ParameterScale.Linear;

    /// <summary>Hard limits of a numeric parameter (every value of a space and of a refined stage stays inside).</summary>
    public ParameterBounds? Bounds { get; init; }

    /// <summary>The allowed values of a string parameter, in the order forms list them.</summary>
    public IReadOnlyList<string>? AllowedStrings { get; init; }

    /// <summary>When this parameter applies; null = always.</summary>
    public ParameterCondition? Condition { get; init; }

    /// <summary>
    /// True for a shorthand that is not stored itself but composes another parameter (depth and width
    /// build hiddenLayers): samplers draw it, trials store what it composes.
    /// </summary>
    public bool IsDerived { get; init; }

    /// <summary>Position in <see cref="Parameters.All"/>: the samplers' dimension order.</summary>
    public int Order { get; internal set; }

    /// <summary>Sets this parameter's value on the engine's model or training options.</summary>
    internal abstract void Bind(EngineConfig config, object value);

    public override string ToString() => Name;
}
