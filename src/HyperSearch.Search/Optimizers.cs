namespace HyperSearch.Search;

/// <summary>Allowed values of <see cref="ParameterNames.Optimizer"/>.</summary>
public static class Optimizers
{
    public const string Sgd = "sgd";
    public const string SgdMomentum = "sgd_momentum";
    public const string Nesterov = "nesterov";
    public const string Adam = "adam";

    public static IReadOnlyList<string> All { get; } = [Sgd, SgdMomentum, Nesterov, Adam];
}
