namespace HyperSearch.Search;

/// <summary>How a numeric range is spaced: evenly in the value, or evenly in its logarithm.</summary>
public enum ParameterScale
{
    Linear,
    Log,
}
