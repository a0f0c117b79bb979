namespace HyperSearch.Search;

/// <summary>Allowed values of <see cref="ParameterNames.WeightInit"/>.</summary>
public static class WeightInits
{
    public const string Zeros = "zeros";
    public const string SmallRandom = "small_random";
    public const string Xavier = "xavier";
    public const string He = "he";

    public static IReadOnlyList<string> All { get; } = [Zeros, SmallRandom, Xavier, He];
}
