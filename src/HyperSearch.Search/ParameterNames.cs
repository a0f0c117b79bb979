namespace HyperSearch.Search;

/// <summary>The search-space keys (camelCase, as in the JSON spec and in <see cref="Hyperparameters"/>).</summary>
public static class ParameterNames
{
    public const string LearningRate = "learningRate";
    public const string Regularization = "regularization";
    public const string HiddenLayers = "hiddenLayers";
    public const string Depth = "depth";
    public const string Width = "width";
    public const string Activation = "activation";
    public const string WeightInit = "weightInit";
    public const string BatchNorm = "batchNorm";
    public const string Optimizer = "optimizer";
    public const string BatchSize = "batchSize";
    public const string Dropout = "dropout";
    public const string Momentum = "momentum";
    public const string LearningRateDecay = "learningRateDecay";
    public const string DecayRate = "decayRate";
    public const string LeakySlope = "leakySlope";
    public const string MaxoutPieces = "maxoutPieces";

    /// <summary>
    /// Every key a space may contain, in canonical order. Samplers walk dimensions in this order,
    /// so it is part of the reproducibility contract: append, never reorder.
    /// </summary>
    public static IReadOnlyList<string> All { get; } =
    [
        LearningRate, Regularization, HiddenLayers, Depth, Width, Activation, WeightInit, BatchNorm,
        Optimizer, BatchSize, Dropout, Momentum, LearningRateDecay, DecayRate, LeakySlope, MaxoutPieces,
    ];
}
