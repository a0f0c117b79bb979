namespace HyperSearch.Search;

/// <summary>The JSON/value type of a parameter; decides which distribution forms are accepted.</summary>
public enum ParameterKind
{
    Float,
    Int,
    String,
    Bool,
    Layers,
}
