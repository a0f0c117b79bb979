using System.Text.Json.Serialization;

namespace HyperSearch.Search;

/// <summary>
/// Every concrete value one trial trains with. Parameters a search space leaves out keep the
/// documented defaults below. Serialises to camelCase JSON whatever the caller's naming policy.
/// </summary>
public sealed record Hyperparameters
{
    private static readonly IReadOnlyList<int> DefaultHiddenLayers = new[] { 256 }.AsReadOnly();

    public static Hyperparameters Default { get; } = new();

    [JsonPropertyName(ParameterNames.LearningRate)]
    public double LearningRate { get; init; } = 0.01;

    /// <summary>L2 penalty strength λ.</summary>
    [JsonPropertyName(ParameterNames.Regularization)]
    public double Regularization { get; init; } = 1e-4;

    private readonly IReadOnlyList<int> hiddenLayers = DefaultHiddenLayers;

    /// <summary>Widths of the hidden layers, input side first; empty is a linear classifier.</summary>
    [JsonPropertyName(ParameterNames.HiddenLayers)]
    public IReadOnlyList<int> HiddenLayers
    {
        get => hiddenLayers;

        // Copied so the record stays immutable whatever list the caller passes; JSON null means "not given".
        init => hiddenLayers = value is null ? DefaultHiddenLayers : value.ToArray().AsReadOnly();
    }

    [JsonPropertyName(ParameterNames.Activation)]
    public string Activation { get; init; } = Activations.Relu;

    [JsonPropertyName(ParameterNames.WeightInit)]
    public string WeightInit { get; init; } = WeightInits.He;

    [JsonPropertyName(ParameterNames.BatchNorm)]
    public bool BatchNorm { get; init; }

    [JsonPropertyName(ParameterNames.Optimizer)]
    public string Optimizer { get; init; } = Optimizers.SgdMomentum;

    [JsonPropertyName(ParameterNames.BatchSize)]
    public int BatchSize { get; init; } = 128;

    [JsonPropertyName(ParameterNames.Dropout)]
    public double Dropout { get; init; }

    [JsonPropertyName(ParameterNames.Momentum)]
    public double Momentum { get; init; } = 0.9;

    [JsonPropertyName(ParameterNames.LearningRateDecay)]
    public string LearningRateDecay { get; init; } = LearningRateDecays.None;

    [JsonPropertyName(ParameterNames.DecayRate)]
    public double DecayRate { get; init; } = 0.95;

    [JsonPropertyName(ParameterNames.LeakySlope)]
    public double LeakySlope { get; init; } = 0.01;

    [JsonPropertyName(ParameterNames.MaxoutPieces)]
    public int MaxoutPieces { get; init; } = 2;

    /// <summary>
    /// The value of a search-space parameter as this trial used it (boxed: double, int, bool, string
    /// or IReadOnlyList&lt;int&gt;). depth and width are read back from <see cref="HiddenLayers"/>;
    /// width is null for a network without hidden layers.
    /// </summary>
    public object? Get(string name) => name switch
    {
        ParameterNames.LearningRate => LearningRate,
        ParameterNames.Regularization => Regularization,
        ParameterNames.HiddenLayers => HiddenLayers,
        ParameterNames.Depth => HiddenLayers.Count,
        ParameterNames.Width => HiddenLayers.Count > 0 ? HiddenLayers.Max() : null,
        ParameterNames.Activation => Activation,
        ParameterNames.WeightInit => WeightInit,
        ParameterNames.BatchNorm => BatchNorm,
        ParameterNames.Optimizer => Optimizer,
        ParameterNames.BatchSize => BatchSize,
        ParameterNames.Dropout => Dropout,
        ParameterNames.Momentum => Momentum,
        ParameterNames.LearningRateDecay => LearningRateDecay,
        ParameterNames.DecayRate => DecayRate,
        ParameterNames.LeakySlope => LeakySlope,
        ParameterNames.MaxoutPieces => MaxoutPieces,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown hyperparameter name."),
    };

    // The compiler's record equality would compare HiddenLayers by reference; trials are
    // de-duplicated and compared by value, so equality is written out.
    public bool Equals(Hyperparameters? other) =>
        other is not null
        && LearningRate.Equals(other.LearningRate)
        && Regularization.Equals(other.Regularization)
        && HiddenLayers.SequenceEqual(other.HiddenLayers)
        && Activation == other.Activation
        && WeightInit == other.WeightInit
        && BatchNorm == other.BatchNorm
        && Optimizer == other.Optimizer
        && BatchSize == other.BatchSize
        && Dropout.Equals(other.Dropout)
        && Momentum.Equals(other.Momentum)
        && LearningRateDecay == other.LearningRateDecay
        && DecayRate.Equals(other.DecayRate)
        && LeakySlope.Equals(other.LeakySlope)
        && MaxoutPieces == other.MaxoutPieces;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(LearningRate);
        hash.Add(Regularization);
        foreach (var width in HiddenLayers)
        {
            hash.Add(width);
        }

        hash.Add(Activation);
        hash.Add(WeightInit);
        hash.Add(BatchNorm);
        hash.Add(Optimizer);
        hash.Add(BatchSize);
        hash.Add(Dropout);
        hash.Add(Momentum);
        hash.Add(LearningRateDecay);
        hash.Add(DecayRate);
        hash.Add(LeakySlope);
        hash.Add(MaxoutPieces);
        return hash.ToHashCode();
    }
}
