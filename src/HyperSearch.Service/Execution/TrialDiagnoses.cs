using System.Text.Json;
using HyperSearch.Engine;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// A trial's diagnosis (Engine.TrainingDiagnosis) from what the store holds of it — epoch 0 and every epoch
/// of every leg so far, so a promoted trial is diagnosed on its whole curve — in the stored form.
/// </summary>
public static class TrialDiagnoses
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TrialDiagnosis From(
        IReadOnlyList<EpochRecord> epochs,
        IReadOnlyList<LayerDiagnosticRecord> layers,
        double initialLoss,
        bool diverged,
        string? divergenceReason,
        bool ranToEnd,
        double overfitGap)
    {
        var (initial, metrics) = History(epochs, layers);
        var labels = TrainingDiagnosis.Diagnose(new DiagnosisInput(initial, metrics, initialLoss, diverged, divergenceReason, ranToEnd, overfitGap));
        return Of(labels);
    }

    /// <summary>The stored rows back as the engine's: epoch 0's layers (null when none) and the epochs in order, each with its layers.</summary>
    public static (IReadOnlyList<LayerDiagnostics>? Initial, List<EpochMetrics> Epochs) History(IReadOnlyList<EpochRecord> epochs, IReadOnlyList<LayerDiagnosticRecord> layers)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        ArgumentNullException.ThrowIfNull(layers);
        var byEpoch = layers.ToLookup(l => l.Epoch, ToEngine);
        var initial = byEpoch.Contains(0) ? byEpoch[0].ToList() : null;
        var metrics = epochs
            .OrderBy(e => e.Epoch)
            .Select(e => new EpochMetrics(e.Epoch, e.TrainLoss, e.TrainAccuracy, e.ValidationLoss, e.ValidationAccuracy, e.LearningRate, e.Seconds, byEpoch[e.Epoch].ToList()))
            .ToList();
        return (initial, metrics);
    }

    public static TrialDiagnosis Of(IReadOnlyList<DiagnosisLabel> labels) =>
        new(labels.Select(l => l.Label).ToList(), JsonSerializer.Serialize(labels, Json));

    /// <summary>The stored JSON back as labels (empty for null: not diagnosed yet).</summary>
    public static IReadOnlyList<DiagnosisLabel> Read(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<DiagnosisLabel>>(json, Json) ?? [];

    private static LayerDiagnostics ToEngine(LayerDiagnosticRecord l) =>
        new(l.Layer, l.ActivationMean, l.ActivationStd, l.DeadFraction, l.SaturatedFraction, l.UpdateToWeightRatio) { GradientNorm = l.GradientNorm };
}
