namespace HyperSearch.Search;

/// <summary>A <see cref="ParameterDefinition"/> whose values have the CLR type <typeparamref name="T"/>: the handle code reads a trial's value through.</summary>
/// <typeparam name="T">double, int, bool, string or IReadOnlyList&lt;int&gt;.</typeparam>
public sealed class ParameterDefinition<T> : ParameterDefinition
    where T : notnull
{
    private readonly Action<EngineConfig, T>? _bind;

    internal ParameterDefinition(string name, ParameterKind kind, T defaultValue, string description, Action<EngineConfig, T>? bind)
        : base(name, kind, defaultValue, description) => _bind = bind;

    public new T Default => (T)base.Default;

    internal override void Bind(EngineConfig config, object value) => _bind?.Invoke(config, (T)value);
}
