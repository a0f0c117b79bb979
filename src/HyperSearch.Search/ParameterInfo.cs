namespace HyperSearch.Search;

/// <summary>What the parser and samplers need to know about one parameter.</summary>
internal sealed record ParameterInfo(
    string Name,
    ParameterKind Kind,
    ParameterScale DefaultScale,
    IReadOnlyList<string>? AllowedStrings = null);
