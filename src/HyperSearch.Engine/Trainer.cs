using HyperSearch.Core;
using System.Runtime.CompilerServices;
using System.Diagnostics;
using HyperSearch.Engine.Kernels;

namespace HyperSearch.Engine;

/// <summary>
/// The training loop of one run. Random streams are split by purpose (init, shuffle, dropout,
/// evaluation subset) from the one seed, so changing e.g. the dropout rate does not reshuffle the data.
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
        _spec = spec;
        _options = options;
        _train = train;
        _validation = validation;
        _threads = threads;
    }

    public TrainingResult Run(Action<EpochMetrics>? onEpoch, CancellationToken ct)
    {
        var o = _options;
        var model = new Model(_spec, new Rng(o.Seed, RngStreams.WeightInit));
        model.CheckData(_train);
        model.CheckData(_validation);
        int n = _train.Count;
        int features = _train.FeatureCount;
        int batchSize = Math.Max(1, Math.Min(o.BatchSize, n));
        int batches = o.DropLastPartialBatch ? n / batchSize : (n + batchSize - 1) / batchSize;

        var ws = new Workspace(model, batchSize);
        var optimizer = new Optimizer(o, model.ParameterCount);
        var shuffle = new Rng(o.Seed, RngStreams.BatchOrder);
        var dropoutRng = new Rng(o.Seed, RngStreams.Dropout);
        int[] order = Enumerable.Range(0, n).ToArray();
        int[]? trainEvalRows = null;
        if (n > o.TrainEvaluationRows)
        {
            int[] pick = Enumerable.Range(0, n).ToArray();
            new Rng(o.Seed, RngStreams.TrainEvaluationRows).Shuffle(pick);
            trainEvalRows = pick[..o.TrainEvaluationRows];
            Array.Sort(trainEvalRows);
        }

        var weightSnapshots = model.Blocks.Select(b => new float[b.Linear.Weight.Length]).ToArray();
        var updateRatios = new double[model.Blocks.Count];
        float lambda = (float)o.Regularization;
        float smoothing = (float)o.LabelSmoothing;
        var epochs = new List<EpochMetrics>();
        double initialLoss = double.NaN;
        long samples = 0;
        double trainSeconds = 0;
        var outcome = TrainingOutcome.Completed;
        string? divergence = null;
        ReadOnlySpan<float> allFeatures = _train.Features.Span;
        ReadOnlySpan<int> allLabels = _train.Labels.Span;

        for (int epoch = 0; epoch < o.Epochs && outcome == TrainingOutcome.Completed; epoch++)
        {
            double lr = o.LearningRateAt(epoch);
            shuffle.Shuffle(order);
            double runningLoss = 0;
            int runningCount = 0;
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
                Gather(ws, allFeatures, allLabels, features, order.AsSpan(start, b));

                bool lastBatch = bi == batches - 1;
                if (lastBatch)
                {
                    for (int l = 0; l < weightSnapshots.Length; l++)
                    {
                        model.Blocks[l].Linear.Weight.Span.CopyTo(weightSnapshots[l]);
                    }
                }

                double loss = Step(model, ws, optimizer, b, (float)lr, lambda, dropoutRng, smoothing);
                if (double.IsNaN(initialLoss))
                {
                    initialLoss = loss;
                }

                samples += b;
                runningLoss += loss;
                runningCount++;
                if (!double.IsFinite(loss) || loss > 3 * initialLoss)
                {
                    outcome = TrainingOutcome.Diverged;
                    divergence = double.IsFinite(loss)
                        ? $"loss {loss:G4} exceeded 3x the initial loss {initialLoss:G4} at epoch {epoch + 1}, batch {bi + 1}"
                        : $"loss became {loss} at epoch {epoch + 1}, batch {bi + 1}";
                    break;
                }

                if (lastBatch)
                {
                    for (int l = 0; l < weightSnapshots.Length; l++)
                    {
                        updateRatios[l] = UpdateRatio(weightSnapshots[l], model.Blocks[l].Linear.Weight.Span);
                    }
                }
            }

            clock.Stop();
            trainSeconds += clock.Elapsed.TotalSeconds;
            if (outcome != TrainingOutcome.Completed)
            {
                break;
            }

            model.Threads = _threads();
            double penalty = model.RegularizationPenalty(o.Regularization);
            var (trainLoss, trainAcc) = model.EvaluateRows(_train, trainEvalRows, smoothing);
            var (valLoss, valAcc) = _validation.Count > 0 ? model.EvaluateRows(_validation, null, smoothing) : (double.NaN, double.NaN);
            var diagnostics = Diagnose(model, _validation.Count > 0 ? _validation : _train, updateRatios);
            var metrics = new EpochMetrics(
                epoch + 1, trainLoss + penalty, trainAcc, valLoss + penalty, valAcc, lr,
                clock.Elapsed.TotalSeconds, diagnostics)
            {
                RunningTrainLoss = runningCount > 0 ? runningLoss / runningCount : double.NaN,
            };
            epochs.Add(metrics);
            onEpoch?.Invoke(metrics);
            if (!double.IsFinite(valLoss) && _validation.Count > 0)
            {
                outcome = TrainingOutcome.Diverged;
                divergence = $"validation loss became {valLoss} after epoch {epoch + 1}";
            }
        }

        return new TrainingResult(outcome, initialLoss, epochs, divergence, trainSeconds, samples) { Model = model };
    }

    /// <summary>Copies the given rows into the workspace's input and label buffers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Gather(Workspace ws, ReadOnlySpan<float> features, ReadOnlySpan<int> labels, int width, ReadOnlySpan<int> rows)
    {
        for (int r = 0; r < rows.Length; r++)
        {
            int row = rows[r];
            features.Slice(row * width, width).CopyTo(ws.Input.AsSpan(r * width, width));
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

    /// <summary>Eval-mode forward of one batch (the first rows of <paramref name="data"/>) and per-layer activation statistics.</summary>
    internal static List<LayerDiagnostics> Diagnose(Model model, TrainingData data, double[]? updateRatios)
    {
        int rows = Math.Min(DiagnosticRows, data.Count);
        var result = new List<LayerDiagnostics>(model.Blocks.Count);
        if (rows == 0)
        {
            return result;
        }

        var ws = new Workspace(model, rows);
        model.Forward(ws, data.Features.Span[..(rows * data.FeatureCount)], rows, training: false, dropoutRng: null);
        Activation kind = model.Spec.Activation;
        bool reluFamily = kind is Activation.ReLU or Activation.LeakyReLU or Activation.ELU;
        for (int l = 0; l < model.Blocks.Count; l++)
        {
            int width = model.Blocks[l].Width;
            ReadOnlySpan<float> a = ws.Blocks[l].Activated.AsSpan(0, rows * width);
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
            result.Add(new LayerDiagnostics(
                l + 1, mean, Math.Sqrt(variance), (double)dead / width, (double)saturated / a.Length,
                updateRatios is null ? 0 : updateRatios[l]));
        }

        return result;
    }
}
