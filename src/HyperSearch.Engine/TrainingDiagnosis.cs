using System.Globalization;

namespace HyperSearch.Engine;

/// <summary>One diagnosis of a trial: a label from <see cref="TrainingDiagnosis.Labels"/> and the evidence, in words and numbers.</summary>
public sealed record DiagnosisLabel(string Label, string Evidence);

/// <summary>
/// What a diagnosis reads: the epoch-0 layers (null when unknown), the epochs trained in order (1 … N, each
/// with its layers), the first mini-batch's loss, whether the run diverged (and why), whether it ran every
/// epoch it was given, and the search's overfit threshold on train − validation accuracy.
/// </summary>
public sealed record DiagnosisInput(
    IReadOnlyList<LayerDiagnostics>? InitialLayers,
    IReadOnlyList<EpochMetrics> Epochs,
    double InitialLoss,
    bool Diverged,
    string? DivergenceReason,
    bool RanToEnd,
    double OverfitGap);

/// <summary>
/// Reads a run's own diagnostics and curves the way CS231n lecture 6 "babysits" training, and names what
/// went wrong, each label with its evidence. Every rule and threshold is here (docs/dashboard.md has the table):
/// <list type="bullet">
/// <item><c>lr-too-high</c>: the loss diverged; or the last epoch's train loss is over 1.1× the lowest of an
/// earlier epoch; or the dead fraction of a ReLU-family layer rose by ≥ 0.25 to ≥ 0.4 (units killed by big steps).</item>
/// <item><c>lr-too-low</c>: the median update/weight ratio of epoch 1 is under 1e-4; or the train loss fell
/// by less than 5 % from the first batch to the last epoch while that ratio stayed under 1e-3.</item>
/// <item><c>init-collapse</c>: at epoch 0, through ≥ 3 layers, each layer's activation std is ≤ 0.9× the
/// previous one's and the last is under 0.1× the first (activations vanishing layer by layer).</item>
/// <item><c>saturated</c>: ≥ 40 % of a tanh/sigmoid layer's activations in the flat tails, at the last
/// measurement (epoch 0 when no epoch finished).</item>
/// <item><c>overfit</c>: the last epoch's train − validation accuracy gap exceeds the overfit threshold.</item>
/// <item><c>underfit</c>: ran every epoch (≥ 3), the gap is at most half the threshold, train accuracy is under
/// 0.9, and the last epoch raised validation accuracy by under 2 points and lowered the train loss by under 5 %:
/// a plateau, so the model, not the training time, is the limit.</item>
/// </list>
/// </summary>
public static class TrainingDiagnosis
{
    public const string LearningRateTooHigh = "lr-too-high";
    public const string LearningRateTooLow = "lr-too-low";
    public const string InitCollapse = "init-collapse";
    public const string Saturated = "saturated";
    public const string Overfit = "overfit";
    public const string Underfit = "underfit";

    /// <summary>Every label, in the order a diagnosis lists them.</summary>
    public static IReadOnlyList<string> Labels { get; } = [LearningRateTooHigh, LearningRateTooLow, InitCollapse, Saturated, Overfit, Underfit];

    /// <summary>The labels a run can be stopped on mid-way (a search's "pruneOn"): all but underfit, which needs the whole run.</summary>
    public static IReadOnlyList<string> Prunable { get; } = [LearningRateTooHigh, LearningRateTooLow, InitCollapse, Saturated, Overfit];

    public const double LossRise = 1.1;
    public const double DeadRise = 0.25;
    public const double DeadLevel = 0.4;
    public const double TinyUpdateRatio = 1e-4;
    public const double SmallUpdateRatio = 1e-3;
    public const double SmallLossDrop = 0.05;
    public const int CollapseLayers = 3;
    public const double CollapseStep = 0.9;
    public const double CollapseTotal = 0.1;
    public const double SaturatedLevel = 0.4;
    public const int UnderfitEpochs = 3;
    public const double UnderfitTrainAccuracy = 0.9;
    public const double UnderfitProgress = 0.02;
    public const double UnderfitLossDrop = 0.05;

    public static IReadOnlyList<DiagnosisLabel> Diagnose(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var labels = new List<DiagnosisLabel>();
        Add(labels, LearningRateTooHigh, TooHigh(input));
        Add(labels, LearningRateTooLow, TooLow(input));
        Add(labels, InitCollapse, Collapse(input.InitialLayers));
        Add(labels, Saturated, Saturation(input));
        if (input.Epochs.Count > 0 && !input.Diverged)
        {
            var last = input.Epochs[^1];
            double gap = last.AccuracyGap;
            if (gap > input.OverfitGap)
            {
                labels.Add(new(Overfit, F($"train − validation accuracy {gap:F3} > {input.OverfitGap:G3} at epoch {last.Epoch} (train {last.TrainAccuracy:F3}, validation {last.ValidationAccuracy:F3})")));
            }

            Add(labels, Underfit, Underfitting(input, gap));
        }

        return labels;
    }

    private static void Add(List<DiagnosisLabel> labels, string label, string? evidence)
    {
        if (evidence is not null)
        {
            labels.Add(new(label, evidence));
        }
    }

    private static string? TooHigh(DiagnosisInput input)
    {
        if (input.Diverged)
        {
            return input.DivergenceReason is { Length: > 0 } reason ? $"diverged: {reason}" : "the loss diverged";
        }

        var epochs = input.Epochs;
        if (epochs.Count >= 2)
        {
            var lowest = epochs.Take(epochs.Count - 1).MinBy(e => e.TrainLoss)!;
            if (double.IsFinite(lowest.TrainLoss) && epochs[^1].TrainLoss > LossRise * lowest.TrainLoss)
            {
                return F($"train loss rose from {lowest.TrainLoss:G3} (epoch {lowest.Epoch}) to {epochs[^1].TrainLoss:G3} (epoch {epochs[^1].Epoch})");
            }
        }

        var before = input.InitialLayers ?? (epochs.Count > 1 ? epochs[0].Layers : null);
        if (before is not null && epochs.Count > 0)
        {
            foreach (var after in epochs[^1].Layers)
            {
                var start = before.FirstOrDefault(l => l.Layer == after.Layer);
                if (start is not null && after.DeadFraction >= DeadLevel && after.DeadFraction - start.DeadFraction >= DeadRise)
                {
                    return F($"dead units of layer {after.Layer} rose from {start.DeadFraction:P0} to {after.DeadFraction:P0} by epoch {epochs[^1].Epoch}");
                }
            }
        }

        return null;
    }

    private static string? TooLow(DiagnosisInput input)
    {
        if (input.Diverged || input.Epochs.Count == 0 || input.Epochs[0].Layers.Count == 0)
        {
            return null;
        }

        double ratio = Median(input.Epochs[0].Layers.Select(l => l.UpdateToWeightRatio));
        if (ratio < TinyUpdateRatio)
        {
            return F($"median update/weight ratio {ratio:G2} in epoch 1 (healthy ≈ 1e-3)");
        }

        double last = input.Epochs[^1].TrainLoss;
        if (double.IsFinite(input.InitialLoss) && input.InitialLoss > 0 && ratio < SmallUpdateRatio && last > (1 - SmallLossDrop) * input.InitialLoss)
        {
            return F($"train loss only went from {input.InitialLoss:G3} to {last:G3} in {input.Epochs.Count} epoch(s), update/weight ratio {ratio:G2}");
        }

        return null;
    }

    private static string? Collapse(IReadOnlyList<LayerDiagnostics>? initial)
    {
        if (initial is not { Count: >= CollapseLayers })
        {
            return null;
        }

        for (int i = 1; i < initial.Count; i++)
        {
            if (!(initial[i].ActivationStd <= CollapseStep * initial[i - 1].ActivationStd))
            {
                return null;
            }
        }

        double first = initial[0].ActivationStd, last = initial[^1].ActivationStd;
        if (!(last < CollapseTotal * first))
        {
            return null;
        }

        var stds = string.Join(" → ", initial.Select(l => l.ActivationStd.ToString("G2", CultureInfo.InvariantCulture)));
        return $"activation std at initialisation shrinks layer by layer: {stds}";
    }

    private static string? Saturation(DiagnosisInput input)
    {
        var layers = input.Epochs.Count > 0 ? input.Epochs[^1].Layers : input.InitialLayers;
        var worst = layers?.Where(l => l.SaturatedFraction >= SaturatedLevel).MaxBy(l => l.SaturatedFraction);
        if (worst is null)
        {
            return null;
        }

        string when = input.Epochs.Count > 0 ? F($"epoch {input.Epochs[^1].Epoch}") : "initialisation";
        return F($"{worst.SaturatedFraction:P0} of layer {worst.Layer}'s activations at ±1 (flat tails) at {when}");
    }

    private static string? Underfitting(DiagnosisInput input, double gap)
    {
        var epochs = input.Epochs;
        if (!input.RanToEnd || epochs.Count < UnderfitEpochs || gap > input.OverfitGap / 2)
        {
            return null;
        }

        var last = epochs[^1];
        double progress = last.ValidationAccuracy - epochs[^2].ValidationAccuracy;
        double lossDrop = 1 - (last.TrainLoss / epochs[^2].TrainLoss);
        if (!(last.TrainAccuracy < UnderfitTrainAccuracy) || progress >= UnderfitProgress || !(lossDrop < UnderfitLossDrop))
        {
            // Still learning (accuracy or loss still moving): train longer before growing the model.
            return null;
        }

        return F($"train accuracy {last.TrainAccuracy:F3} with a gap of {gap:F3} and +{progress:F3} validation accuracy in the last epoch: a bigger model (or less regularisation) should help");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
