using HyperSearch.Core;

namespace HyperSearch.Engine;

/// <summary>
/// The learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural Networks", §3.3;
/// the lecture's step 5, "find a learning rate that makes the loss go down"): train one fresh model for a
/// few hundred mini-batches while the learning rate grows exponentially, record the loss against it, and
/// read off where the loss falls fastest and where it blows up. The loss is smoothed as fast.ai's finder
/// does (an exponential moving average with bias correction) and the test stops once the smoothed loss
/// exceeds <see cref="LearningRateRangeOptions.DivergenceFactor"/> × its lowest value, or a loss is not
/// finite. The model, optimiser, batch order and dropout are built from TrainingOptions.Seed exactly as a
/// trial's (same streams), so the test is deterministic for a seed at any thread count.
/// </summary>
public static class LearningRateRangeTest
{
    /// <summary>Runs the test with the shared engine's core budget (see <see cref="TensorEngine.FindLearningRate"/>).</summary>
    public static LearningRateRangeResult Run(
        ModelSpec spec, TrainingOptions options, TrainingData data, LearningRateRangeOptions? range = null, CancellationToken cancellationToken = default) =>
        TensorEngine.Shared.FindLearningRate(spec, options, data, range, cancellationToken);

    /// <summary>
    /// The test itself. TrainingOptions supplies everything but the learning rate (optimiser, momentum, λ,
    /// batch size, label smoothing, seed); its learning-rate decay and epochs do not apply. The rows are
    /// visited in seeded shuffled passes (the last partial batch of a pass dropped), as many passes as the
    /// steps need. Throws OperationCanceledException when cancelled.
    /// </summary>
    internal static LearningRateRangeResult Run(
        ModelSpec spec, TrainingOptions options, TrainingData data, LearningRateRangeOptions range, Func<int> threads, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentNullException.ThrowIfNull(threads);
        spec.Validate();
        options.Validate();
        range.Validate();
        if (data.Count == 0)
        {
            throw new ArgumentException("The range test needs training rows.", nameof(data));
        }

        var model = new Model(spec, new Rng(options.Seed, RngStreams.WeightInit));
        model.CheckData(data);
        int batchSize = Math.Max(1, Math.Min(options.BatchSize, data.Count));
        int batchesPerPass = data.Count / batchSize;
        var ws = new Workspace(model, batchSize);
        var optimizer = new Optimizer(options, model.ParameterCount);
        var batchOrder = new Rng(options.Seed, RngStreams.BatchOrder);
        var dropout = new Rng(options.Seed, RngStreams.Dropout);
        int[] order = TrainingState.Identity(data.Count);
        float lambda = (float)options.Regularization;
        float smoothing = (float)options.LabelSmoothing;
        ReadOnlySpan<float> features = data.Features.Span;
        ReadOnlySpan<int> labels = data.Labels.Span;

        var points = new List<LearningRatePoint>(range.Steps);
        double average = 0, best = double.PositiveInfinity, beta = range.Smoothing;
        string? divergence = null;
        for (int i = 0; i < range.Steps; i++)
        {
            ct.ThrowIfCancellationRequested();
            int batch = i % batchesPerPass;
            if (batch == 0)
            {
                batchOrder.Shuffle(order);
            }

            double lr = LearningRateAt(range, i);
            model.Threads = threads();
            Trainer.Gather(ws, features, labels, data.FeatureCount, order.AsSpan(batch * batchSize, batchSize));
            double loss = Trainer.Step(model, ws, optimizer, batchSize, (float)lr, lambda, dropout, smoothing);
            average = (beta * average) + ((1 - beta) * loss);
            double smoothed = average / (1 - Math.Pow(beta, i + 1));
            points.Add(new LearningRatePoint(lr, loss, smoothed));
            if (!double.IsFinite(smoothed))
            {
                divergence = $"the loss became {loss} at learning rate {lr:G3} (step {i + 1})";
                break;
            }

            if (smoothed > range.DivergenceFactor * best)
            {
                divergence = $"the smoothed loss {smoothed:G4} exceeded {range.DivergenceFactor:G3}x its lowest {best:G4} at learning rate {lr:G3} (step {i + 1})";
                break;
            }

            best = Math.Min(best, smoothed);
        }

        return new LearningRateRangeResult(points, Suggest(points, divergence is not null, range.Steps), divergence is not null, divergence);
    }

    /// <summary>Step i's learning rate: min · (max / min)^(i / (steps − 1)), so the first step trains at min and the last at max.</summary>
    public static double LearningRateAt(LearningRateRangeOptions range, int step)
    {
        ArgumentNullException.ThrowIfNull(range);
        return range.MinLearningRate * Math.Pow(range.MaxLearningRate / range.MinLearningRate, (double)step / (range.Steps - 1));
    }

    /// <summary>
    /// The suggestion rule. On the points up to the lowest smoothed loss (a divergence point is never one of
    /// them), the slope of the smoothed loss against log10(lr) is a centred difference over ±w steps, w =
    /// max(1, steps / 40) (5 steps, a sixth of a decade each side, for 200 steps over 1e-6…10): it averages
    /// over the mini-batch noise the moving average leaves. <b>Steepest</b> is the learning rate of the most
    /// negative slope, <b>Minimum</b> that of the lowest smoothed loss (past it the loss rises, and soon blows
    /// up), <b>DivergedAt</b> the last point's when the test diverged.
    /// The range is [Steepest, Minimum] — from the fastest descent to the point the loss stops falling —
    /// widened to at least a decade around the suggested learning rate. The suggested learning rate is
    /// Minimum / √10 (never below Steepest): half a decade under the lowest smoothed loss, because the moving
    /// average lags the raw loss by about β / (1 − β) steps (≈ 0.3 decades at the defaults) and the turning
    /// point of a rising schedule is the edge of stability. fast.ai's finder takes a full decade (its lr_min =
    /// minimum / 10); on a one-epoch budget that is too cautious (docs/engine.md gives the measured figures).
    /// Falling says whether the loss fell at all (a negative slope and a lowest loss below the first); when it
    /// did not, Steepest is Minimum and the suggestion is only the best guess of a range that was too low.
    /// </summary>
    /// <param name="diverged">Whether the last point is the one that stopped the test.</param>
    /// <param name="steps">The planned steps (the window follows them, not the points a divergence left).</param>
    public static LearningRateSuggestion Suggest(IReadOnlyList<LearningRatePoint> points, bool diverged, int steps)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            throw new ArgumentException("A suggestion needs at least one point.", nameof(points));
        }

        int usable = diverged ? points.Count - 1 : points.Count;
        int lowest = 0;
        for (int i = 1; i < usable; i++)
        {
            if (points[i].SmoothedLoss < points[lowest].SmoothedLoss)
            {
                lowest = i;
            }
        }

        int w = Math.Max(1, steps / 40);
        int steepest = -1;
        double steepestSlope = 0;
        for (int i = w; i + w < usable && i <= lowest; i++)
        {
            double run = Math.Log10(points[i + w].LearningRate) - Math.Log10(points[i - w].LearningRate);
            double slope = (points[i + w].SmoothedLoss - points[i - w].SmoothedLoss) / run;
            if (slope < steepestSlope)
            {
                (steepest, steepestSlope) = (i, slope);
            }
        }

        bool falling = steepest >= 0 && points[lowest].SmoothedLoss < points[0].SmoothedLoss;
        double minimum = points[lowest].LearningRate;
        double steep = falling ? points[steepest].LearningRate : minimum;
        double suggested = Math.Max(steep, minimum / Math.Sqrt(10));
        double min = Math.Min(steep, suggested / Math.Sqrt(10));
        double max = Math.Max(minimum, suggested * Math.Sqrt(10));
        double? divergedAt = diverged ? points[^1].LearningRate : null;
        return new LearningRateSuggestion(suggested, min, max, steep, minimum, divergedAt, falling);
    }
}
