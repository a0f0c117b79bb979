namespace HyperSearch.Search;

/// <summary>
/// Hard limits every search space and every refined stage must respect. They protect the workers
/// (widths, depth, batch size, grid size) and keep values meaningful (dropout below 1, decay rate above 0).
/// </summary>
public sealed record SearchLimits
{
    public static SearchLimits Default { get; } = new();

    public ParameterBounds LearningRate { get; init; } = new(1e-7, 10);
    public ParameterBounds Regularization { get; init; } = new(0, 10);
    public ParameterBounds Dropout { get; init; } = new(0, 0.9);
    public ParameterBounds Momentum { get; init; } = new(0, 0.999);
    public ParameterBounds BatchSize { get; init; } = new(1, 4096);
    public ParameterBounds Width { get; init; } = new(1, 4096);

    /// <summary>Number of hidden layers; 0 is a linear softmax classifier.</summary>
    public ParameterBounds Depth { get; init; } = new(0, 8);

    public ParameterBounds DecayRate { get; init; } = new(0, 1, MinExclusive: true);
    public ParameterBounds LeakySlope { get; init; } = new(0, 1, MaxExclusive: true);
    public ParameterBounds MaxoutPieces { get; init; } = new(2, 4);

    /// <summary>Largest grid (cartesian product) a <see cref="GridSampler"/> will enumerate.</summary>
    public int MaxGridSize { get; init; } = 10_000;

    /// <summary>The bounds of a numeric parameter, or null for categorical ones.</summary>
    public ParameterBounds? For(string name) => name switch
    {
        ParameterNames.LearningRate => LearningRate,
        ParameterNames.Regularization => Regularization,
        ParameterNames.Dropout => Dropout,
        ParameterNames.Momentum => Momentum,
        ParameterNames.BatchSize => BatchSize,
        ParameterNames.Width => Width,
        ParameterNames.Depth => Depth,
        ParameterNames.DecayRate => DecayRate,
        ParameterNames.LeakySlope => LeakySlope,
        ParameterNames.MaxoutPieces => MaxoutPieces,
        _ => null,
    };
}
