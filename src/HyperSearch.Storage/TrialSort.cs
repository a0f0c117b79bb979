namespace HyperSearch.Storage;

/// <summary>Sort keys for trials. Nulls (unfinished trials) always sort last.</summary>
public enum TrialSort
{
    Index,
    ValidationAccuracy,
    TrainAccuracy,
    AccuracyGap,
    ValidationLoss,
    Duration,
    CreatedAt,

    /// <summary>The trial's hyperparameters.learningRate.</summary>
    LearningRate,

    /// <summary>The trial's hyperparameters.regularization.</summary>
    Regularization,
}
