namespace HyperSearch.Storage.Internal;

// Dapper materialises these (settable properties convert more freely than the contract's positional
// records: TEXT statuses, SQLite's INTEGER booleans, NaN stored as NULL), then they map to records.
// Both schemas use the same column names, so the select lists in Columns serve both stores.
#pragma warning disable CA1812 // instantiated by Dapper

internal sealed class SearchRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Strategy { get; set; } = "";
    public string Status { get; set; } = "";
    public string SpecJson { get; set; } = "";
    public int Seed { get; set; }
    public string Dataset { get; set; } = "";
    public double OverfitGap { get; set; }
    public int StageCount { get; set; }
    public Guid? ComparisonId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? SanityJson { get; set; }
    public Guid? BestTrialId { get; set; }
    public double? BestValidationAccuracy { get; set; }
    public double? TestAccuracy { get; set; }
    public string? Error { get; set; }
    public string? Owner { get; set; }

    public SearchRecord ToRecord() => new(
        Id, Name, Strategy, StatusText.ParseSearch(Status), SpecJson, Seed, Dataset, OverfitGap, StageCount,
        ComparisonId, CreatedAt, StartedAt, CompletedAt, SanityJson, BestTrialId, BestValidationAccuracy,
        TestAccuracy, Error, Owner);
}

internal sealed class StageRow
{
    public Guid SearchId { get; set; }
    public int Stage { get; set; }
    public string SpaceJson { get; set; } = "";
    public int Trials { get; set; }
    public int Epochs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public StageRecord ToRecord() => new(SearchId, Stage, SpaceJson, Trials, Epochs, CreatedAt);
}

internal sealed class TrialRow
{
    public Guid Id { get; set; }
    public Guid SearchId { get; set; }
    public int Stage { get; set; }
    public int Idx { get; set; }
    public string Status { get; set; } = "";
    public string HyperparametersJson { get; set; } = "";
    public int Seed { get; set; }
    public int Epochs { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public double? TrainAccuracy { get; set; }
    public double? ValidationAccuracy { get; set; }
    public double? AccuracyGap { get; set; }
    public long? Overfit { get; set; }
    public double? TrainLoss { get; set; }
    public double? ValidationLoss { get; set; }
    public double? InitialLoss { get; set; }
    public double? DurationSeconds { get; set; }
    public string? Worker { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Error { get; set; }
    public int EpochsTrained { get; set; }
    public int? Rung { get; set; }
    public int? TargetEpochs { get; set; }
    public string? DiagnosisJson { get; set; }

    public TrialRecord ToRecord() => new(
        Id, SearchId, Stage, Idx, StatusText.ParseTrial(Status), HyperparametersJson, Seed, Epochs, CreatedAt,
        TrainAccuracy, ValidationAccuracy, AccuracyGap, Overfit is null ? null : Overfit != 0, TrainLoss,
        ValidationLoss, InitialLoss, DurationSeconds, Worker, Attempts, StartedAt, CompletedAt, Error,
        EpochsTrained, Rung, TargetEpochs, DiagnosisJson);
}

internal sealed class EpochRow
{
    public Guid TrialId { get; set; }
    public int Epoch { get; set; }
    public double? TrainLoss { get; set; }
    public double? TrainAccuracy { get; set; }
    public double? ValidationLoss { get; set; }
    public double? ValidationAccuracy { get; set; }
    public double? LearningRate { get; set; }
    public double? Seconds { get; set; }

    public EpochRecord ToRecord() => new(
        TrialId, Epoch, TrainLoss ?? double.NaN, TrainAccuracy ?? double.NaN, ValidationLoss ?? double.NaN,
        ValidationAccuracy ?? double.NaN, LearningRate ?? double.NaN, Seconds ?? double.NaN);
}

internal sealed class DiagnosticRow
{
    public Guid TrialId { get; set; }
    public int Epoch { get; set; }
    public int Layer { get; set; }
    public double? ActivationMean { get; set; }
    public double? ActivationStd { get; set; }
    public double? DeadFraction { get; set; }
    public double? SaturatedFraction { get; set; }
    public double? UpdateToWeightRatio { get; set; }
    public double? GradientNorm { get; set; }
    public string? HistogramJson { get; set; }

    public LayerDiagnosticRecord ToRecord() => new(
        TrialId, Epoch, Layer, ActivationMean ?? double.NaN, ActivationStd ?? double.NaN, DeadFraction ?? double.NaN,
        SaturatedFraction ?? double.NaN, UpdateToWeightRatio ?? double.NaN)
    {
        GradientNorm = GradientNorm ?? double.NaN,
        HistogramJson = HistogramJson,
    };
}

internal sealed class ComparisonRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public int Budget { get; set; }
    public string SpecJson { get; set; } = "";
    public Guid RandomSearchId { get; set; }
    public Guid GridSearchId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? Owner { get; set; }

    public ComparisonRecord ToRecord() => new(Id, Name, Budget, SpecJson, RandomSearchId, GridSearchId, CreatedAt, Owner);
}

internal sealed class DatasetRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string LabelColumn { get; set; } = "";
    public int Samples { get; set; }
    public int Features { get; set; }
    public int Classes { get; set; }
    public long Bytes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public byte[]? Content { get; set; }
    public string? Owner { get; set; }

    public DatasetRecord ToRecord() => new(Id, Name, LabelColumn, Samples, Features, Classes, Bytes, CreatedAt, Content, Owner);
}

internal sealed class StatusCountRow
{
    public Guid SearchId { get; set; }
    public int Stage { get; set; }
    public string Status { get; set; } = "";
    public long Count { get; set; }

    public StatusCount ToRecord() => new(Stage, StatusText.ParseTrial(Status), checked((int)Count));
}

internal sealed class ClaimRow
{
    public int Attempts { get; set; }
}

internal sealed class BudgetRow
{
    public Guid SearchId { get; set; }
    public int Stage { get; set; }
    public int Leg { get; set; }
}

internal sealed class StageKeyRow
{
    public Guid SearchId { get; set; }
    public int Stage { get; set; }
}

internal sealed class RungRow
{
    public Guid TrialId { get; set; }
    public int Idx { get; set; }
    public int Rung { get; set; }
    public double? Objective { get; set; }
    public long Promoted { get; set; }

    public RungEntry ToEntry() => new(TrialId, Idx, Rung, Objective ?? double.NaN, Promoted != 0);
}

internal sealed class CheckpointRow
{
    public int Epoch { get; set; }
    public byte[] Data { get; set; } = [];
}

internal sealed class RungCountRow
{
    public int Stage { get; set; }
    public int Rung { get; set; }
    public long Epochs { get; set; }
    public long Reached { get; set; }
    public long Promoted { get; set; }
}

internal sealed class RungReachedRow
{
    public Guid SearchId { get; set; }
    public Guid TrialId { get; set; }
    public int Epochs { get; set; }
    public double? Objective { get; set; }
    public DateTimeOffset ReachedAt { get; set; }

    public RungReached ToRecord() => new(TrialId, Epochs, Objective ?? double.NaN, ReachedAt);
}

internal sealed class BestModelRow
{
    public Guid TrialId { get; set; }
    public double ValidationAccuracy { get; set; }
    public int Epoch { get; set; }
    public byte[] Data { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class LeadRow
{
    public Guid SearchId { get; set; }
    public double? Kept { get; set; }
}
