namespace HyperSearch.Engine;

/// <summary>Hidden-layer non-linearity (CS231n lecture 6).</summary>
public enum Activation
{
    Sigmoid,
    Tanh,
    ReLU,
    LeakyReLU,
    ELU,
    Maxout,
}
