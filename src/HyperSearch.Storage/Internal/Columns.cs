namespace HyperSearch.Storage.Internal;

/// <summary>Select lists aliased to the row properties; the two schemas share column names.</summary>
internal static class Columns
{
    public const string Search = """
        id AS Id, name AS Name, strategy AS Strategy, status AS Status, spec AS SpecJson, seed AS Seed,
        dataset AS Dataset, overfit_gap AS OverfitGap, stage_count AS StageCount, comparison_id AS ComparisonId,
        created_at AS CreatedAt, started_at AS StartedAt, completed_at AS CompletedAt, sanity AS SanityJson,
        best_trial_id AS BestTrialId, best_validation_accuracy AS BestValidationAccuracy,
        test_accuracy AS TestAccuracy, error AS Error, owner AS Owner
        """;

    public const string Stage = """
        search_id AS SearchId, stage AS Stage, space AS SpaceJson, trials AS Trials, epochs AS Epochs,
        created_at AS CreatedAt
        """;

    public const string Trial = """
        t.id AS Id, t.search_id AS SearchId, t.stage AS Stage, t.idx AS Idx, t.status AS Status,
        t.hyperparameters AS HyperparametersJson, t.seed AS Seed, t.epochs AS Epochs, t.created_at AS CreatedAt,
        t.train_accuracy AS TrainAccuracy, t.validation_accuracy AS ValidationAccuracy,
        t.accuracy_gap AS AccuracyGap, CASE WHEN t.overfit IS NULL THEN NULL WHEN t.overfit THEN 1 ELSE 0 END AS Overfit,
        t.train_loss AS TrainLoss, t.validation_loss AS ValidationLoss, t.initial_loss AS InitialLoss,
        t.duration_seconds AS DurationSeconds, t.worker AS Worker, t.attempts AS Attempts,
        t.started_at AS StartedAt, t.completed_at AS CompletedAt, t.error AS Error,
        t.epochs_trained AS EpochsTrained, t.rung AS Rung, t.target_epochs AS TargetEpochs, t.diagnosis AS DiagnosisJson
        """;

    public const string Epoch = """
        trial_id AS TrialId, epoch AS Epoch, train_loss AS TrainLoss, train_accuracy AS TrainAccuracy,
        validation_loss AS ValidationLoss, validation_accuracy AS ValidationAccuracy,
        learning_rate AS LearningRate, seconds AS Seconds
        """;

    public const string Diagnostic = """
        trial_id AS TrialId, epoch AS Epoch, layer AS Layer, activation_mean AS ActivationMean,
        activation_std AS ActivationStd, dead_fraction AS DeadFraction, saturated_fraction AS SaturatedFraction,
        update_to_weight_ratio AS UpdateToWeightRatio, gradient_norm AS GradientNorm, histogram AS HistogramJson
        """;

    public const string Comparison = """
        id AS Id, name AS Name, budget AS Budget, spec AS SpecJson, random_search_id AS RandomSearchId,
        grid_search_id AS GridSearchId, created_at AS CreatedAt, owner AS Owner
        """;

    public const string DatasetWithoutContent = """
        id AS Id, name AS Name, label_column AS LabelColumn, samples AS Samples, features AS Features,
        classes AS Classes, bytes AS Bytes, created_at AS CreatedAt, owner AS Owner
        """;

    /// <summary>
    /// Whitelisted ORDER BY for a trial page: nulls last both ways, ties broken by (stage, index).
    /// <paramref name="hyperparameter"/> turns a hyperparameter name into the provider's SQL for that
    /// number inside the trial's JSON (jsonb on Postgres, json_extract on SQLite).
    /// </summary>
    public static string TrialOrder(TrialSort sort, bool descending, Func<string, string> hyperparameter)
    {
        ArgumentNullException.ThrowIfNull(hyperparameter);
        var dir = descending ? "DESC" : "ASC";
        var column = sort switch
        {
            TrialSort.Index => null,
            TrialSort.ValidationAccuracy => "t.validation_accuracy",
            TrialSort.TrainAccuracy => "t.train_accuracy",
            TrialSort.AccuracyGap => "t.accuracy_gap",
            TrialSort.ValidationLoss => "t.validation_loss",
            TrialSort.Duration => "t.duration_seconds",
            TrialSort.CreatedAt => "t.created_at",
            TrialSort.LearningRate => hyperparameter("learningRate"),
            TrialSort.Regularization => hyperparameter("regularization"),
            _ => throw new ArgumentOutOfRangeException(nameof(sort), sort, "Unknown trial sort."),
        };
        return column is null
            ? $"t.stage {dir}, t.idx {dir}"
            : $"{column} {dir} NULLS LAST, t.stage ASC, t.idx ASC";
    }
}
