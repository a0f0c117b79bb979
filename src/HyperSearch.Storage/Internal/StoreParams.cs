namespace HyperSearch.Storage.Internal;

/// <summary>Dapper parameter objects shared by both stores (statuses as text; ids, times and doubles converted by <see cref="SqlValues"/>).</summary>
internal static class StoreParams
{
    public static object Search(SqlValues v, SearchRecord s) => new
    {
        Id = v.Id(s.Id), s.Name, s.Strategy, Status = StatusText.Of(s.Status), s.SpecJson, s.Seed, s.Dataset,
        OverfitGap = v.Real(s.OverfitGap), s.StageCount, ComparisonId = v.Id(s.ComparisonId),
        CreatedAt = v.Time(s.CreatedAt), StartedAt = v.Time(s.StartedAt), CompletedAt = v.Time(s.CompletedAt),
        s.SanityJson, BestTrialId = v.Id(s.BestTrialId), BestValidationAccuracy = v.Real(s.BestValidationAccuracy),
        TestAccuracy = v.Real(s.TestAccuracy), s.Error, s.Owner,
    };

    public static object Stage(SqlValues v, StageRecord s) => new
    {
        SearchId = v.Id(s.SearchId), s.Stage, s.SpaceJson, s.Trials, s.Epochs, CreatedAt = v.Time(s.CreatedAt),
    };

    public static object Trial(SqlValues v, TrialRecord t) => new
    {
        Id = v.Id(t.Id), SearchId = v.Id(t.SearchId), t.Stage, t.Index, Status = StatusText.Of(t.Status),
        t.HyperparametersJson, t.Seed, t.Epochs, CreatedAt = v.Time(t.CreatedAt),
        TrainAccuracy = v.Real(t.TrainAccuracy), ValidationAccuracy = v.Real(t.ValidationAccuracy),
        AccuracyGap = v.Real(t.AccuracyGap), t.Overfit, TrainLoss = v.Real(t.TrainLoss),
        ValidationLoss = v.Real(t.ValidationLoss), InitialLoss = v.Real(t.InitialLoss),
        DurationSeconds = v.Real(t.DurationSeconds), t.Worker, t.Attempts, StartedAt = v.Time(t.StartedAt),
        CompletedAt = v.Time(t.CompletedAt), t.Error, t.TargetEpochs,
    };

    public static object Comparison(SqlValues v, ComparisonRecord c) => new
    {
        Id = v.Id(c.Id), c.Name, c.Budget, c.SpecJson, RandomSearchId = v.Id(c.RandomSearchId),
        GridSearchId = v.Id(c.GridSearchId), CreatedAt = v.Time(c.CreatedAt), c.Owner,
    };

    public static object Dataset(SqlValues v, DatasetRecord d) => new
    {
        Id = v.Id(d.Id), d.Name, d.LabelColumn, d.Samples, d.Features, d.Classes, d.Bytes,
        CreatedAt = v.Time(d.CreatedAt), d.Content, d.Owner,
    };

    public static object Epoch(SqlValues v, TrialClaim claim, EpochRecord e) => new
    {
        TrialId = v.Id(claim.TrialId), e.Epoch, TrainLoss = v.Real(e.TrainLoss),
        TrainAccuracy = v.Real(e.TrainAccuracy), ValidationLoss = v.Real(e.ValidationLoss),
        ValidationAccuracy = v.Real(e.ValidationAccuracy), LearningRate = v.Real(e.LearningRate),
        Seconds = v.Real(e.Seconds),
    };

    public static object Diagnostic(SqlValues v, TrialClaim claim, int epoch, LayerDiagnosticRecord d) => new
    {
        TrialId = v.Id(claim.TrialId), Epoch = epoch, d.Layer, ActivationMean = v.Real(d.ActivationMean),
        ActivationStd = v.Real(d.ActivationStd), DeadFraction = v.Real(d.DeadFraction),
        SaturatedFraction = v.Real(d.SaturatedFraction), UpdateToWeightRatio = v.Real(d.UpdateToWeightRatio),
        GradientNorm = v.Real(d.GradientNorm), d.HistogramJson,
    };

    public static object Outcome(SqlValues v, TrialClaim claim, TrialOutcome o, DateTimeOffset now) => new
    {
        TrialId = v.Id(claim.TrialId), Token = v.Id(claim.Token), Status = StatusText.Of(o.Status),
        TrainAccuracy = v.Real(o.TrainAccuracy), ValidationAccuracy = v.Real(o.ValidationAccuracy),
        AccuracyGap = v.Real(o.AccuracyGap), o.Overfit, TrainLoss = v.Real(o.TrainLoss),
        ValidationLoss = v.Real(o.ValidationLoss), InitialLoss = v.Real(o.InitialLoss),
        DurationSeconds = v.Real(o.DurationSeconds), o.Error, Now = v.Time(now), o.EpochsTrained,
        DiagnosisJson = o.Diagnosis?.Json, Labels = LabelsText(o.Diagnosis),
    };

    /// <summary>The labels column: ",a,b," (so a filter is LIKE '%,a,%'), or null without a diagnosis.</summary>
    public static string? LabelsText(TrialDiagnosis? d) => d is null ? null : "," + string.Concat(d.Labels.Select(l => l + ","));

    /// <summary>The LIKE pattern that matches a labels column holding <paramref name="label"/>.</summary>
    public static string? LabelPattern(string? label) => label is null ? null : $"%,{label},%";

    /// <summary>Argument checks both stores share.</summary>
    public static void CheckEpoch(TrialClaim claim, EpochRecord epoch, IReadOnlyList<LayerDiagnosticRecord> layers)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(epoch);
        ArgumentNullException.ThrowIfNull(layers);
        if (epoch.TrialId != claim.TrialId)
        {
            throw new ArgumentException("The epoch belongs to another trial than the claim.", nameof(epoch));
        }

        foreach (var layer in layers)
        {
            if (layer.TrialId != claim.TrialId || layer.Epoch != epoch.Epoch)
            {
                throw new ArgumentException("A layer diagnostic belongs to another trial or epoch.", nameof(layers));
            }
        }
    }

    public static void CheckInitialLayers(TrialClaim claim, IReadOnlyList<LayerDiagnosticRecord> layers)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Any(l => l.TrialId != claim.TrialId || l.Epoch != 0))
        {
            throw new ArgumentException("Initial layer diagnostics must be the claimed trial's, at epoch 0.", nameof(layers));
        }
    }

    public static void CheckLabel(string? label)
    {
        if (label is not null && (label.Length == 0 || label.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))))
        {
            throw new ArgumentException("A label is lower-case letters, digits and '-'.", nameof(label));
        }
    }

    public static void CheckOutcome(TrialClaim claim, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(outcome);
        if (!StatusText.IsTerminal(outcome.Status))
        {
            throw new ArgumentException($"A trial outcome must be terminal, not {outcome.Status}.", nameof(outcome));
        }
    }

    public static void CheckPage(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
    }

    public static void CheckNewSearch(SearchRecord search, StageRecord stage, IReadOnlyList<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(trials);
        if (stage.SearchId != search.Id)
        {
            throw new ArgumentException("The stage belongs to another search.", nameof(stage));
        }
    }
}
