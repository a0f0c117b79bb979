namespace HyperSearch.Search;

/// <summary>Allowed values of <see cref="ParameterNames.Activation"/> (CS231n lecture 6).</summary>
public static class Activations
{
    public const string Relu = "relu";
    public const string LeakyRelu = "leaky_relu";
    public const string Elu = "elu";
    public const string Tanh = "tanh";
    public const string Sigmoid = "sigmoid";
    public const string Maxout = "maxout";

    public static IReadOnlyList<string> All { get; } = [Relu, LeakyRelu, Elu, Tanh, Sigmoid, Maxout];
}
