namespace HyperSearch.Search;

/// <summary>Allowed values of <see cref="ParameterNames.LearningRateDecay"/>.</summary>
public static class LearningRateDecays
{
    public const string None = "none";
    public const string Step = "step";
    public const string Exponential = "exponential";

    public static IReadOnlyList<string> All { get; } = [None, Step, Exponential];
}
