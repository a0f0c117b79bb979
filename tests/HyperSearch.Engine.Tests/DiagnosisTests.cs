namespace HyperSearch.Engine.Tests;

/// <summary>
/// Each diagnosis built on purpose (issue #17): the situation the label names, trained for real, and the
/// label with its evidence read off the run's own diagnostics and curves; the healthy twin gets no such label.
/// </summary>
public class DiagnosisTests
{
    private static readonly TensorEngine Engine = new(2);

    [Fact]
    public void FreshRun_ReportsEpochZeroLayers_WithHistograms_AndAResumedRunDoesNot()
    {
        var data = Synthetic.Gaussian(600, 20, 4, seed: 1);
        var spec = new ModelSpec(20, [32, 16], 4, Activation.ReLU, WeightInit.He, BatchNorm: true, Dropout: 0.3f);
        var options = new TrainingOptions { LearningRate = 0.05, BatchSize = 32, Epochs = 2, Seed = 3 };
        IReadOnlyList<LayerDiagnostics>? seen = null;

        var fresh = Engine.Train(spec, options with { Epochs = 1 }, data, data, null, null, default, layers => seen = layers);
        var resumed = Engine.Train(spec, options, data, data, fresh.CaptureCheckpoint(), null, default, _ => throw new InvalidOperationException("a resumed run has no epoch 0"));

        Assert.NotNull(fresh.InitialLayers);
        Assert.Same(fresh.InitialLayers, seen);
        Assert.Null(resumed.InitialLayers);
        Assert.Equal([1, 2], fresh.InitialLayers!.Select(l => l.Layer));
        foreach (var layer in fresh.InitialLayers!)
        {
            // Batch norm on the batch's own statistics: ReLU of ≈ N(0, 1), so about half the activations are 0.
            Assert.Equal(0, layer.UpdateToWeightRatio);
            Assert.True(double.IsNaN(layer.GradientNorm));
            var h = layer.Histogram!;
            Assert.Equal(LayerHistogram.Bins, h.Counts.Count);
            Assert.Equal(0, h.Min);
            Assert.Equal(256L * spec.HiddenLayers[layer.Layer - 1], h.Counts.Sum());
            Assert.InRange(h.Counts[0] / (double)h.Counts.Sum(), 0.4, 0.6);
            Assert.InRange(layer.ActivationMean, 0.3, 0.5); // E[max(0, z)] = 1/√(2π) ≈ 0.40
        }

        Assert.All(fresh.Epochs[0].Layers, l => Assert.True(l.GradientNorm > 0 && double.IsFinite(l.GradientNorm), $"gradient norm {l.GradientNorm}"));
        Assert.All(fresh.Epochs[0].Layers, l => Assert.Equal(256L * spec.HiddenLayers[l.Layer - 1], l.Histogram!.Counts.Sum()));
    }

    [Fact]
    public void GradientNorm_IsTheNormOfTheLastBatchsWeightGradient()
    {
        // One batch per epoch, plain SGD, no L2: ΔW = −lr·∂L/∂W, so ‖∂L/∂W‖ = ‖ΔW‖/lr = ratio·‖W_after‖/lr.
        var data = Synthetic.Gaussian(64, 10, 3, seed: 2);
        var spec = new ModelSpec(10, [16], 3, Activation.Tanh, WeightInit.Xavier, BatchNorm: false);
        var options = new TrainingOptions { LearningRate = 0.1, Optimizer = OptimizerKind.Sgd, BatchSize = 64, Epochs = 1, Seed = 1 };

        var result = Engine.Train(spec, options, data, data);

        var layer = result.Epochs[0].Layers[0];
        var w = result.Model.DiagnosedWeights[0].Span;
        double norm = 0;
        foreach (float v in w)
        {
            norm += (double)v * v;
        }

        Assert.Equal(layer.UpdateToWeightRatio * Math.Sqrt(norm) / 0.1, layer.GradientNorm, 1e-3 * layer.GradientNorm);
    }

    [Fact]
    public void DeepTanhWithSmallInit_IsInitCollapse_XavierIsNot()
    {
        var data = Synthetic.Gaussian(400, 64, 5, seed: 3);
        var hidden = new[] { 64, 64, 64, 64, 64 };
        var options = new TrainingOptions { LearningRate = 0.01, BatchSize = 50, Epochs = 1, Seed = 1 };

        var small = Diagnose(Engine.Train(new ModelSpec(64, hidden, 5, Activation.Tanh, WeightInit.SmallRandom, false), options, data, data));
        var xavier = Diagnose(Engine.Train(new ModelSpec(64, hidden, 5, Activation.Tanh, WeightInit.Xavier, false), options, data, data));

        var collapse = Assert.Single(small, l => l.Label == TrainingDiagnosis.InitCollapse);
        Assert.Contains("shrinks layer by layer", collapse.Evidence);
        Assert.Equal(4, collapse.Evidence.Count(c => c == '→'));
        Assert.DoesNotContain(xavier, l => l.Label == TrainingDiagnosis.InitCollapse);
    }

    [Fact]
    public void LearningRate10_IsTooHigh_WithTheDivergenceAsEvidence()
    {
        var data = Synthetic.Gaussian(1000, 20, 4, seed: 4);
        var spec = new ModelSpec(20, [64], 4, Activation.ReLU, WeightInit.He, false);
        var options = new TrainingOptions { LearningRate = 10, BatchSize = 32, Epochs = 3, Seed = 1 };

        var result = Engine.Train(spec, options, data, data);
        var labels = Diagnose(result);

        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        var high = Assert.Single(labels, l => l.Label == TrainingDiagnosis.LearningRateTooHigh);
        Assert.StartsWith("diverged: ", high.Evidence);
        Assert.DoesNotContain(labels, l => l.Label == TrainingDiagnosis.LearningRateTooLow);
    }

    [Fact]
    public void LearningRate1e7_IsTooLow_WithTheUpdateRatio()
    {
        var data = Synthetic.Gaussian(1000, 20, 4, seed: 5);
        var spec = new ModelSpec(20, [64, 64], 4, Activation.ReLU, WeightInit.He, false);
        var options = new TrainingOptions { LearningRate = 1e-7, BatchSize = 32, Epochs = 2, Seed = 1 };

        var low = Diagnose(Engine.Train(spec, options, data, data));
        var fine = Diagnose(Engine.Train(spec, options with { LearningRate = 0.05 }, data, data));

        var label = Assert.Single(low, l => l.Label == TrainingDiagnosis.LearningRateTooLow);
        Assert.Contains("update/weight ratio", label.Evidence);
        Assert.DoesNotContain(fine, l => l.Label is TrainingDiagnosis.LearningRateTooLow or TrainingDiagnosis.LearningRateTooHigh);
    }

    [Fact]
    public void TwoHundredExamples_LongRun_IsOverfit_AndTheGapIsTheEvidence()
    {
        // Five overlapping classes in 5 dimensions: 200 examples are memorised, the other 1,000 are not.
        var all = Synthetic.Gaussian(1200, 5, 5, seed: 6);
        var train = Rows(all, 0, 200);
        var validation = Rows(all, 200, 1000);
        var spec = new ModelSpec(5, [256, 256], 5, Activation.ReLU, WeightInit.He, false);
        var options = new TrainingOptions { LearningRate = 3e-3, Optimizer = OptimizerKind.Adam, BatchSize = 20, Epochs = 150, Seed = 1 };

        var result = Engine.Train(spec, options, train, validation);
        var labels = Diagnose(result);

        var overfit = Assert.Single(labels, l => l.Label == TrainingDiagnosis.Overfit);
        Assert.True(result.Epochs[^1].AccuracyGap > 0.2, $"gap {result.Epochs[^1].AccuracyGap}");
        Assert.Contains(result.Epochs[^1].AccuracyGap.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), overfit.Evidence);
        Assert.DoesNotContain(labels, l => l.Label == TrainingDiagnosis.Underfit);
    }

    [Fact]
    public void SigmoidNetworkWithHugeInit_IsSaturated()
    {
        var data = Synthetic.Gaussian(400, 50, 5, seed: 7);
        var spec = new ModelSpec(50, [100, 100], 5, Activation.Sigmoid, WeightInit.He, false);
        var options = new TrainingOptions { LearningRate = 1e-6, BatchSize = 50, Epochs = 1, Seed = 1 };
        var wide = new TensorEngine(1).Train(spec with { Activation = Activation.Sigmoid }, options, Scaled(data, 20f), Scaled(data, 20f));

        var labels = Diagnose(wide);

        var saturated = Assert.Single(labels, l => l.Label == TrainingDiagnosis.Saturated);
        Assert.Contains("flat tails", saturated.Evidence);
    }

    [Fact]
    public void Rules_OnHandMadeCurves_MatchTheirThresholds()
    {
        static EpochMetrics E(int epoch, double trainLoss, double trainAcc, double valAcc, double ratio = 1e-3, double dead = 0) =>
            new(epoch, trainLoss, trainAcc, 1, valAcc, 0.1, 1, [new LayerDiagnostics(1, 0.5, 1, dead, 0, ratio)]);
        DiagnosisInput In(params EpochMetrics[] epochs) => new(null, epochs, 2.3, false, null, true, 0.1);

        // Train loss back above 1.1× its lowest: lr-too-high; at 1.09×: not.
        Assert.Contains(TrainingDiagnosis.Diagnose(In(E(1, 1.0, 0.5, 0.5), E(2, 1.11, 0.5, 0.5))), l => l.Label == TrainingDiagnosis.LearningRateTooHigh);
        Assert.DoesNotContain(TrainingDiagnosis.Diagnose(In(E(1, 1.0, 0.5, 0.5), E(2, 1.09, 0.5, 0.5))), l => l.Label == TrainingDiagnosis.LearningRateTooHigh);
        // Dead units 10 % → 40 %: rising by ≥ 0.25 to ≥ 0.4.
        Assert.Contains(TrainingDiagnosis.Diagnose(In(E(1, 1.0, 0.5, 0.5, dead: 0.1), E(2, 0.9, 0.5, 0.5, dead: 0.4))), l => l.Label == TrainingDiagnosis.LearningRateTooHigh);
        Assert.DoesNotContain(TrainingDiagnosis.Diagnose(In(E(1, 1.0, 0.5, 0.5, dead: 0.2), E(2, 0.9, 0.5, 0.5, dead: 0.4))), l => l.Label == TrainingDiagnosis.LearningRateTooHigh);
        // Overfit strictly above the threshold.
        Assert.Contains(TrainingDiagnosis.Diagnose(In(E(1, 1.0, 0.95, 0.84))), l => l.Label == TrainingDiagnosis.Overfit);
        Assert.DoesNotContain(TrainingDiagnosis.Diagnose(In(E(1, 1.0, 0.9, 0.8))), l => l.Label == TrainingDiagnosis.Overfit);
        // Underfit: 3 epochs run to the end, no gap, train accuracy < 0.9, flat last epoch; not when still climbing or when cut short.
        var flat = In(E(1, 1.0, 0.6, 0.6), E(2, 0.9, 0.7, 0.7), E(3, 0.88, 0.71, 0.71));
        Assert.DoesNotContain(TrainingDiagnosis.Diagnose(In(E(1, 1.0, 0.6, 0.6), E(2, 0.9, 0.7, 0.7), E(3, 0.85, 0.71, 0.71))), l => l.Label == TrainingDiagnosis.Underfit); // loss still falling 5.6 %
        Assert.Contains(TrainingDiagnosis.Diagnose(flat), l => l.Label == TrainingDiagnosis.Underfit);
        Assert.DoesNotContain(TrainingDiagnosis.Diagnose(flat with { RanToEnd = false }), l => l.Label == TrainingDiagnosis.Underfit);
        Assert.DoesNotContain(TrainingDiagnosis.Diagnose(In(E(1, 1.0, 0.6, 0.6), E(2, 0.9, 0.7, 0.7), E(3, 0.85, 0.73, 0.73))), l => l.Label == TrainingDiagnosis.Underfit);
        // A diverged run is only lr-too-high.
        var diverged = new DiagnosisInput(null, [], 2.3, true, "loss became NaN at epoch 1, batch 2", false, 0.1);
        Assert.Equal([new DiagnosisLabel(TrainingDiagnosis.LearningRateTooHigh, "diverged: loss became NaN at epoch 1, batch 2")], TrainingDiagnosis.Diagnose(diverged));
    }

    private static IReadOnlyList<DiagnosisLabel> Diagnose(TrainingResult r) =>
        TrainingDiagnosis.Diagnose(new DiagnosisInput(r.InitialLayers, r.Epochs, r.InitialLoss, r.Outcome == TrainingOutcome.Diverged, r.DivergenceReason, r.Outcome == TrainingOutcome.Completed, 0.1));

    private static TrainingData Rows(TrainingData d, int start, int count) =>
        new(d.Features.Span.Slice(start * d.FeatureCount, count * d.FeatureCount).ToArray(), d.Labels.Span.Slice(start, count).ToArray(), d.FeatureCount, d.ClassCount);

    private static TrainingData Scaled(TrainingData d, float k)
    {
        var x = d.Features.ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            x[i] *= k;
        }

        return new TrainingData(x, d.Labels.ToArray(), d.FeatureCount, d.ClassCount);
    }
}
