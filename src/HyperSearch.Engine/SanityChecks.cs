using HyperSearch.Core;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Engine;

/// <summary>The learning-process checks of CS231n lecture 6 ("babysitting"), runnable on their own.</summary>
public static class SanityChecks
{
    /// <summary>
    /// Initial-loss check. The model is built with small-random init (0.01·N(0,1)) whatever the
    /// spec's init, because the check is about small weights: logits are then ≈ 0 and the softmax
    /// loss ≈ ln C. Measured in eval mode on up to 1,000 rows. <paramref name="regularization"/> is the
    /// raised λ for the second figure (1.0 when 0 or negative is passed).
    /// </summary>
    public static InitialLossCheck CheckInitialLoss(ModelSpec spec, TrainingData data, int seed, double regularization)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        var model = new Model(spec, new Rng(seed, RngStreams.WeightInit), WeightInit.SmallRandom);
        model.CheckData(data);
        var subset = data.Slice(0, Math.Min(1000, data.Count));
        double loss = model.EvaluateRows(subset, null).Loss;
        double lambda = regularization > 0 ? regularization : 1.0;
        double withReg = loss + model.RegularizationPenalty(lambda);
        double expected = Math.Log(spec.Classes);
        bool passed = Math.Abs(loss - expected) < 0.05 * expected && withReg > loss;
        return new InitialLossCheck(loss, expected, lambda, withReg, passed);
    }

    /// <summary>
    /// Overfit check: full-batch steps on the first <paramref name="examples"/> rows with the given
    /// optimiser and learning rate but λ = 0, no label smoothing and no augmentation (all regularise against the fit),
    /// until eval-mode train accuracy is 100 % or <paramref name="maxSteps"/> updates were taken. The step
    /// budget is generous because the check runs at the trial's own learning rate, which may sit at the low
    /// end of a range: slow is not broken.
    /// </summary>
    public static OverfitCheck OverfitTinySubset(ModelSpec spec, TrainingOptions options, TrainingData data, int examples = 20, int maxSteps = 2000)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(examples);
        var o = options with { Regularization = 0, LabelSmoothing = 0 };
        o.Validate();
        var model = new Model(spec, new Rng(o.Seed, RngStreams.WeightInit));
        model.CheckData(data);
        var subset = data.Slice(0, Math.Min(examples, data.Count));
        int b = subset.Count;
        var ws = new Workspace(model, b);
        var optimizer = new Optimizer(o, model.ParameterCount);
        var dropoutRng = new Rng(o.Seed, RngStreams.Dropout);
        ReadOnlySpan<float> x = subset.Features.Span;
        ReadOnlySpan<int> y = subset.Labels.Span;
        var (loss, accuracy) = model.EvaluateRows(subset, null);
        int steps = 0;
        while (accuracy < 1.0 && steps < maxSteps)
        {
            model.Forward(ws, x, b, training: true, dropoutRng);
            RowOps.SoftmaxCrossEntropy(ws.Logits.AsSpan(0, b * spec.Classes), y, b, spec.Classes, ws.LogitsGrad.AsSpan(0, b * spec.Classes), 1f / b, out _);
            model.Backward(ws, x, b, accumulate: false);
            optimizer.Step(model.Parameters, model.Gradients, (float)o.LearningRate, 0f);
            steps++;
            (loss, accuracy) = model.EvaluateRows(subset, null);
        }

        return new OverfitCheck(b, steps, loss, accuracy, accuracy >= 1.0);
    }
}
