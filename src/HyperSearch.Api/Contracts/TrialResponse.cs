using System.Text.Json;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// A trial as the API shows it. <c>accuracyGap</c> = trainAccuracy − validationAccuracy of the same
/// model; <c>overfit</c> = accuracyGap &gt; the search's overfitGap. <c>labels</c>: what its own diagnostics
/// and curves say went wrong, each with the evidence (docs/dashboard.md#diagnosis-labels); empty until a leg ends.
/// </summary>
public sealed record TrialResponse(
    Guid Id,
    Guid SearchId,
    int Stage,
    int Index,
    TrialStatus Status,
    JsonElement Hyperparameters,
    double? TrainAccuracy,
    double? ValidationAccuracy,
    double? AccuracyGap,
    bool? Overfit,
    double? TrainLoss,
    double? ValidationLoss,
    double? InitialLoss,
    double? DurationSeconds,
    int Epochs,
    int Seed,
    string? Worker,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? Error,
    int EpochsTrained,
    int? Rung,
    IReadOnlyList<DiagnosisLabelResponse> Labels)
{
    public static TrialResponse From(TrialRecord t)
    {
        ArgumentNullException.ThrowIfNull(t);
        using var doc = JsonDocument.Parse(t.HyperparametersJson);
        return new TrialResponse(
            t.Id, t.SearchId, t.Stage, t.Index, t.Status, doc.RootElement.Clone(), t.TrainAccuracy, t.ValidationAccuracy,
            t.AccuracyGap, t.Overfit, t.TrainLoss, t.ValidationLoss, t.InitialLoss, t.DurationSeconds, t.Epochs, t.Seed,
            t.Worker, t.Attempts, t.CreatedAt, t.StartedAt, t.CompletedAt, t.Error, t.EpochsTrained, t.Rung,
            TrialDiagnoses.Read(t.DiagnosisJson).Select(l => new DiagnosisLabelResponse(l.Label, l.Evidence)).ToList());
    }
}
