using HyperSearch.Core;
using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Numerics.Tensors;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Engine;

/// <summary>
/// The training loop of one run. Random streams are split by purpose (init, shuffle, dropout,
/// augmentation, evaluation subset) from the one seed, so changing e.g. the dropout rate does not reshuffle the data.
/// What the loop carries across epochs lives in one <see cref="TrainingState"/> (what a checkpoint
/// saves); the per-run buffers in <see cref="RunBuffers"/> are rebuilt on resume.
/// </summary>
internal sealed class Trainer
{
    private const int DiagnosticRows = 256;
    private readonly ModelSpec _spec;
    private readonly TrainingOptions _options;
    private readonly TrainingData _train;
    private readonly TrainingData _validation;
    private readonly Func<int> _threads;

    public Trainer(ModelSpec spec, TrainingOptions options, TrainingData train, TrainingData validation, Func<int> threads)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        spec.Validate();
        options.Validate();
        if (options.Augments && spec.InputShape is null)
        {
            throw new ArgumentException(
                $"Augmentation (CropPadding {options.CropPadding}, HorizontalFlip {options.HorizontalFlip}) needs the image shape of a row (ModelSpec.InputShape).", nameof(options));
        }

        _spec = spec;
        _options = options;
        _train = train;
        _validation = validation;
        _threads = threads;
    }

    /// <summary>
    /// Trains from a fresh start or from <paramref name="resumeFrom"/> until the state reaches
    /// TrainingOptions.Epochs completed epochs, the run diverges, is cancelled, or
    /// <paramref name="onEpoch"/> asks to stop. Only this call's epochs are reported.
    /// </summary>
    public TrainingResult Run(TrainingCheckpoint? resumeFrom, Func<EpochMetrics, EpochDecision>? onEpoch, CancellationToken ct, Action<IReadOnlyList<LayerDiagnostics>>? onInitialised = null)
    {
        var state = resumeFrom is null ? TrainingState.Start(_spec, _options, _train) : resumeFrom.Restore(_spec, _options, _train);
        state.Model.CheckData(_validation);
        IReadOnlyList<LayerDiagnostics>? initial = null;
        if (resumeFrom is null)
        {
            // Epoch 0, the lecture's first picture: the activations of the untrained network. Draws no random
            // numbers and changes no state, so the run's metrics are those it would have without it.
            state.Model.Threads = _threads();
            initial = Diagnose(state.Model, _validation.Count > 0 ? _validation : _train, null, null, batchStatistics: true);
            onInitialised?.Invoke(initial);
        }

        var run = new RunBuffers(state.Model, _options, _train.Count);
        var epochs = new List<EpochMetrics>();
        var outcome = TrainingOutcome.Completed;
        string? divergence = null;
        while (outcome == TrainingOutcome.Completed && state.Epoch < _options.Epochs)
        {
            double lr = _options.LearningRateAt(state.Epoch);
            var pass = TrainEpoch(state, run, lr, ct);
            if (pass.Outcome != TrainingOutcome.Completed)
            {
                (outcome, divergence) = (pass.Outcome, pass.Divergence);
                break;
            }

            state.Epoch++;
            var (metrics, validationDataLoss) = MeasureEpoch(state.Model, run, state.Epoch, lr, pass);
            metrics = metrics with { InitialLoss = state.InitialLoss };
            epochs.Add(metrics);
            var decision = onEpoch?.Invoke(metrics) ?? EpochDecision.Continue;
            if (!double.IsFinite(validationDataLoss) && _validation.Count > 0)
            {
                outcome = TrainingOutcome.Diverged;
                divergence = $"validation loss became {validationDataLoss} after epoch {state.Epoch}";
            }
            else if (decision == EpochDecision.Stop && state.Epoch < _options.Epochs)
            {
                // A stop after the last epoch changes nothing: the run is simply Completed.
                outcome = TrainingOutcome.Stopped;
            }
        }

        // Completed and Stopped runs end on an epoch boundary, the only place a checkpoint is taken.
        bool resumable = outcome is TrainingOutcome.Completed or TrainingOutcome.Stopped;
        return new TrainingResult(outcome, state.InitialLoss, epochs, divergence, state.TrainingSeconds, state.SamplesTrained)
        {
            Model = state.Model,
            InitialLayers = initial,
            ResumableState = resumable ? state : null,
        };
    }

    /// <summary>
    /// One epoch of mini-batches at learning rate <paramref name="lr"/>: shuffle, then step through the
    /// batches, checking cancellation before and divergence after each. Advances the state's streams,
    /// order, counters and (on the first batch of a run) its initial loss; not its epoch count.
    /// </summary>
    private EpochPass TrainEpoch(TrainingState state, RunBuffers run, double lr, CancellationToken ct)
    {
        var model = state.Model;
        var ws = run.Workspace;
        int n = _train.Count;
        int features = _train.FeatureCount;
        int batchSize = run.BatchSize;
        int batches = run.Batches;
        int epoch = state.Epoch;
        float lambda = (float)_options.Regularization;
        float smoothing = (float)_options.LabelSmoothing;
        ReadOnlySpan<float> allFeatures = _train.Features.Span;
        ReadOnlySpan<int> allLabels = _train.Labels.Span;
        var outcome = TrainingOutcome.Completed;
        string? divergence = null;
        double runningLoss = 0;
        int runningCount = 0;

        state.BatchOrder.Shuffle(state.Order);
        var clock = Stopwatch.StartNew();
        for (int bi = 0; bi < batches; bi++)
        {
            if (ct.IsCancellationRequested)
            {
                outcome = TrainingOutcome.Cancelled;
                break;
            }

            model.Threads = _threads();
            int start = bi * batchSize;
            int b = Math.Min(batchSize, n - start);
            if (_options.Augments)
            {
                GatherAugmented(ws, allFeatures, allLabels, _spec.InputShape!, _options, state.Augmentation, state.Order.AsSpan(start, b));
            }
            else
            {
                Gather(ws, allFeatures, allLabels, features, state.Order.AsSpan(start, b));
            }

            bool lastBatch = bi == batches - 1;
            if (lastBatch)
            {
                for (int l = 0; l < run.WeightSnapshots.Length; l++)
                {
                    model.DiagnosedWeights[l].Span.CopyTo(run.WeightSnapshots[l]);
                }
            }

            double loss = Step(model, ws, state.Optimizer, b, (float)lr, lambda, state.Dropout, smoothing);
            if (double.IsNaN(state.InitialLoss))
            {
                state.InitialLoss = loss;
            }

            state.SamplesTrained += b;
            runningLoss += loss;
            runningCount++;
            if (!double.IsFinite(loss) || loss > 3 * state.InitialLoss)
            {
                outcome = TrainingOutcome.Diverged;
                divergence = double.IsFinite(loss)
                    ? $"loss {loss:G4} exceeded 3x the initial loss {state.InitialLoss:G4} at epoch {epoch + 1}, batch {bi + 1}"
                    : $"loss became {loss} at epoch {epoch + 1}, batch {bi + 1}";
                break;
            }

            if (lastBatch)
            {
                for (int l = 0; l < run.WeightSnapshots.Length; l++)
                {
                    run.UpdateRatios[l] = UpdateRatio(run.WeightSnapshots[l], model.DiagnosedWeights[l].Span);
                    run.GradientNorms[l] = Math.Sqrt(TensorPrimitives.SumOfSquares(model.DiagnosedGradients[l].Span));
                }
            }
        }

        clock.Stop();
        state.TrainingSeconds += clock.Elapsed.TotalSeconds;
        return new EpochPass(outcome, divergence, runningCount > 0 ? runningLoss / runningCount : double.NaN, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The end-of-epoch metrics (eval mode): train metrics on the fixed subset, validation metrics,
    /// diagnostics. Also returns the validation data loss without the penalty, which the divergence
    /// rule reads.
    /// </summary>
    private (EpochMetrics Metrics, double ValidationDataLoss) MeasureEpoch(Model model, RunBuffers run, int epochNumber, double lr, EpochPass pass)
    {
        model.Threads = _threads();
        float smoothing = (float)_options.LabelSmoothing;
        double penalty = model.RegularizationPenalty(_options.Regularization);
        var (trainLoss, trainAcc) = model.EvaluateRows(_train, run.TrainEvaluationRows, smoothing);
        var (valLoss, valAcc) = _validation.Count > 0 ? model.EvaluateRows(_validation, null, smoothing) : (double.NaN, double.NaN);
        var diagnostics = Diagnose(model, _validation.Count > 0 ? _validation : _train, run.UpdateRatios, run.GradientNorms, batchStatistics: false);
        var metrics = new EpochMetrics(epochNumber, trainLoss + penalty, trainAcc, valLoss + penalty, valAcc, lr, pass.Seconds, diagnostics)
        {
            RunningTrainLoss = pass.RunningLoss,
        };
        return (metrics, valLoss);
    }

    /// <summary>The seeded subset of training rows the end-of-epoch train metrics use (null: all rows).</summary>
    private static int[]? TrainEvaluationSubset(TrainingOptions o, int rows)
    {
        if (rows <= o.TrainEvaluationRows)
        {
            return null;
        }

        int[] pick = TrainingState.Identity(rows);
        new Rng(o.Seed, RngStreams.TrainEvaluationRows).Shuffle(pick);
        int[] subset = pick[..o.TrainEvaluationRows];
        Array.Sort(subset);
        return subset;
    }

    /// <summary>Copies the given rows into the workspace's input and label buffers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Gather(Workspace ws, ReadOnlySpan<float> features, ReadOnlySpan<int> labels, int width, ReadOnlySpan<int> rows)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            int row = rows[r];
            features.Slice(row * width, width).CopyTo(ws.Input.AsSpan(r * width, width));
            ws.Labels[r] = labels[row];
        }
    }

    /// <summary>
    /// Gather with augmentation: each row goes from the data straight into the workspace through the
    /// crop/flip kernel, its draws taken in row order from <paramref name="rng"/> (top and left in
    /// [0, 2P] when P &gt; 0, then the flip coin when flipping), on the calling thread only, so the batch
    /// is the same at any thread count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void GatherAugmented(Workspace ws, ReadOnlySpan<float> features, ReadOnlySpan<int> labels, ImageShape shape, TrainingOptions options, Rng rng, ReadOnlySpan<int> rows)
    {
        int width = shape.Size;
        int padding = options.CropPadding;
        for (int r = 0; r < rows.Length; r++)
        {
            int row = rows[r];
            int top = padding > 0 ? rng.NextInt((2 * padding) + 1) : 0;
            int left = padding > 0 ? rng.NextInt((2 * padding) + 1) : 0;
            bool flip = options.HorizontalFlip && rng.NextInt(2) == 1;
            ImageOps.CropFlip(features.Slice(row * width, width), ws.Input.AsSpan(r * width, width), shape.Channels, shape.Height, shape.Width, padding, top, left, flip);
            ws.Labels[r] = labels[row];
        }
    }

    /// <summary>
    /// One training step on the first <paramref name="batch"/> rows staged in ws.Input/ws.Labels:
    /// forward, loss, backward, update. Returns the objective before the update (mean cross-entropy +
    /// λ/2·Σw², the cross-entropy against ε-smoothed targets when <paramref name="labelSmoothing"/> &gt; 0).
    /// Allocates nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double Step(Model model, Workspace ws, Optimizer optimizer, int batch, float learningRate, float lambda, Rng? dropoutRng, float labelSmoothing = 0f)
    {
        int classes = model.Spec.Classes;
        ReadOnlySpan<float> x = ws.Input.AsSpan(0, batch * model.Spec.InputSize);
        model.Forward(ws, x, batch, training: true, dropoutRng);
        double dataLoss = RowOps.SoftmaxCrossEntropy(
            ws.Logits.AsSpan(0, batch * classes), ws.Labels.AsSpan(0, batch), batch, classes,
            ws.LogitsGrad.AsSpan(0, batch * classes), 1f / batch, labelSmoothing, out _) / batch;
        model.Backward(ws, x, batch, accumulate: false); // overwrites every gradient: no zeroing pass
        double sumSquares = optimizer.Step(model.Parameters, model.Gradients, learningRate, lambda);
        return dataLoss + (0.5 * (double)lambda * sumSquares);
    }

    private static double UpdateRatio(ReadOnlySpan<float> before, ReadOnlySpan<float> after)
    {
        double delta = 0, norm = 0;
        for (int i = 0; i < after.Length; i++)
        {
            double d = after[i] - before[i];
            delta += d * d;
            norm += (double)after[i] * after[i];
        }

        return norm > 0 ? Math.Sqrt(delta / norm) : 0;
    }

    /// <summary>
    /// Forward of one batch (the first 256 rows of <paramref name="data"/>, 128 for a CNN) and per-layer activation
    /// statistics: conv blocks first (layers 1 … conv blocks; a unit is a channel, over every pixel, before
    /// the pool), then the hidden layers. Eval mode, or with <paramref name="batchStatistics"/> batch norm
    /// normalising by the batch's own statistics (running averages untouched) and no dropout: the network as
    /// its first training mini-batch sees it. <paramref name="updateRatios"/> and <paramref name="gradientNorms"/>
    /// follow Model.DiagnosedWeights (null: 0 and NaN).
    /// </summary>
    internal static List<LayerDiagnostics> Diagnose(Model model, TrainingData data, double[]? updateRatios, double[]? gradientNorms, bool batchStatistics)
    {
        // A CNN's activations are large (≈ 180 KB per row for the reference CNN): it measures one
        // evaluation chunk (128 rows) in the evaluation buffers it already has instead of building 256 rows' worth each epoch.
        bool conv = model.ConvBlocks.Count > 0;
        int rows = Math.Min(conv ? model.EvaluationChunk : DiagnosticRows, data.Count);
        var result = new List<LayerDiagnostics>(model.ConvBlocks.Count + model.Blocks.Count);
        if (rows == 0)
        {
            return result;
        }

        var ws = conv ? model.EvaluationWorkspace : new Workspace(model, rows, gradients: false);
        model.Forward(ws, data.Features.Span[..(rows * data.FeatureCount)], rows, training: batchStatistics, dropoutRng: null, updateRunningStats: false, applyDropout: false);
        for (int i = 0; i < model.ConvBlocks.Count; i++)
        {
            var block = model.ConvBlocks[i];
            ReadOnlySpan<float> a = ws.Conv[i].Activated.AsSpan(0, rows * block.ActivatedSize);
            result.Add(Measure(model.Spec.Activation, a, block.Conv.Filters, result.Count + 1, updateRatios, gradientNorms));
        }

        for (int l = 0; l < model.Blocks.Count; l++)
        {
            int width = model.Blocks[l].Width;
            ReadOnlySpan<float> a = ws.Blocks[l].Activated.AsSpan(0, rows * width);
            result.Add(Measure(model.Spec.Activation, a, width, result.Count + 1, updateRatios, gradientNorms));
        }

        return result;
    }

    /// <summary>Statistics of one layer's activations a (rows·…, units), unit-minor (a hidden layer's rows, or a conv block's pixels).</summary>
    private static LayerDiagnostics Measure(Activation kind, ReadOnlySpan<float> a, int width, int layer, double[]? updateRatios, double[]? gradientNorms)
    {
        bool reluFamily = kind is Activation.ReLU or Activation.LeakyReLU or Activation.ELU;
        int rows = a.Length / width;
        double sum = 0, sumSq = 0;
        long saturated = 0;
        foreach (float v in a)
        {
            sum += v;
            sumSq += (double)v * v;
            if ((kind == Activation.Sigmoid && (v < 0.01f || v > 0.99f)) || (kind == Activation.Tanh && MathF.Abs(v) > 0.99f))
            {
                saturated++;
            }
        }

        int dead = 0;
        if (reluFamily)
        {
            for (int j = 0; j < width; j++)
            {
                bool active = false;
                for (int r = 0; r < rows && !active; r++)
                {
                    active = a[(r * width) + j] > 0f;
                }

                dead += active ? 0 : 1;
            }
        }

        double mean = sum / a.Length;
        double variance = Math.Max(0, (sumSq / a.Length) - (mean * mean));
        return new LayerDiagnostics(layer, mean, Math.Sqrt(variance), (double)dead / width, (double)saturated / a.Length, updateRatios?[layer - 1] ?? 0)
        {
            GradientNorm = gradientNorms?[layer - 1] ?? double.NaN,
            Histogram = LayerHistogram.Of(a),
        };
    }

    /// <summary>How one epoch's mini-batches ended; RunningLoss is their mean objective.</summary>
    private readonly record struct EpochPass(TrainingOutcome Outcome, string? Divergence, double RunningLoss, double Seconds);

    /// <summary>A run's buffers and batch plan: allocated once per run, never part of a checkpoint.</summary>
    private sealed class RunBuffers
    {
        public RunBuffers(Model model, TrainingOptions options, int rows)
        {
            BatchSize = Math.Max(1, Math.Min(options.BatchSize, rows));
            Batches = options.DropLastPartialBatch ? rows / BatchSize : (rows + BatchSize - 1) / BatchSize;
            Workspace = new Workspace(model, BatchSize);
            WeightSnapshots = model.DiagnosedWeights.Select(w => new float[w.Length]).ToArray();
            UpdateRatios = new double[model.DiagnosedWeights.Count];
            GradientNorms = new double[model.DiagnosedWeights.Count];
            TrainEvaluationRows = TrainEvaluationSubset(options, rows);
        }

        public int BatchSize { get; }

        public int Batches { get; }

        public Workspace Workspace { get; }

        /// <summary>Each conv block's and hidden layer's weights before the epoch's last update, for UpdateToWeightRatio.</summary>
        public float[][] WeightSnapshots { get; }

        public double[] UpdateRatios { get; }

        /// <summary>‖∂L/∂W‖ of each diagnosed weight at the epoch's last mini-batch.</summary>
        public double[] GradientNorms { get; }

        public int[]? TrainEvaluationRows { get; }
    }
}
