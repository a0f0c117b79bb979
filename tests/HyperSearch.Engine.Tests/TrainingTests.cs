using HyperSearch.Core;

namespace HyperSearch.Engine.Tests;

public class TrainingTests
{
    private static readonly TensorEngine Engine = new(Environment.ProcessorCount);

    [Fact]
    public void ReferenceMlp_LearnsFashionMnist_ToAtLeast84PercentInOneEpoch()
    {
        Assert.True(
            File.Exists(Path.Combine(FashionMnist.Directory, "train-images-idx3-ubyte.gz")),
            $"Fashion-MNIST is missing from {FashionMnist.Directory}: apt-get install -y dataset-fashion-mnist");
        var (train, validation, _) = FashionMnist.Load();
        var spec = new ModelSpec(784, [512, 256], 10, Activation.ReLU, WeightInit.He, BatchNorm: false);
        var options = new TrainingOptions { LearningRate = 0.01, Regularization = 1e-4, Optimizer = OptimizerKind.SgdMomentum, BatchSize = 128, Epochs = 1, Seed = 1 };

        var result = Engine.Train(spec, options, train, validation);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(result.ValidationAccuracy >= 0.84, $"validation accuracy {result.ValidationAccuracy:F4}");
        Assert.Equal(390 * 128, result.SamplesTrained);
        Assert.InRange(result.InitialLoss, 1.5, 4.0);
        var layers = result.Epochs[0].Layers;
        Assert.Equal(2, layers.Count);
        Assert.All(layers, l => Assert.InRange(l.UpdateToWeightRatio, 1e-6, 1e-1));
    }

    [Fact]
    public void InitPicture_SmallRandomCollapses_XavierKeepsScale()
    {
        var data = Synthetic.Gaussian(500, 256, 10, seed: 3);
        var small = new Model(new ModelSpec(256, [256, 256, 256, 256, 256, 256], 10, Activation.Tanh, WeightInit.SmallRandom, false), new Rng(1, 1));
        var xavier = new Model(new ModelSpec(256, [256, 256, 256, 256, 256, 256], 10, Activation.Tanh, WeightInit.Xavier, false), new Rng(1, 1));

        var s = Trainer.Diagnose(small, data, null, null, batchStatistics: false);
        var x = Trainer.Diagnose(xavier, data, null, null, batchStatistics: false);

        Assert.True(s[^1].ActivationStd < 1e-3 && s[^1].ActivationStd < s[0].ActivationStd * 0.01, $"small: {s[0].ActivationStd} → {s[^1].ActivationStd}");
        Assert.True(x[^1].ActivationStd > x[0].ActivationStd / 4, $"xavier: {x[0].ActivationStd} → {x[^1].ActivationStd}");
    }

    [Fact]
    public void InitialLoss_IsAboutLnC_AndRisesWithRegularisation()
    {
        var data = Synthetic.Gaussian(200, 50, 10, seed: 4);
        var spec = new ModelSpec(50, [100, 100], 10, Activation.ReLU, WeightInit.He, BatchNorm: true);

        var check = SanityChecks.CheckInitialLoss(spec, data, seed: 1, regularization: 1e3);

        Assert.Equal(Math.Log(10), check.Expected, 1e-12);
        Assert.True(Math.Abs(check.Loss - Math.Log(10)) < 0.05, $"loss {check.Loss}");
        Assert.True(check.LossWithRegularization > check.Loss);
        Assert.True(check.Passed);
    }

    [Theory]
    [InlineData(Activation.ReLU, false)]
    [InlineData(Activation.Tanh, true)]
    [InlineData(Activation.Maxout, false)]
    public void TinySubset_OverfitsTo100Percent(Activation activation, bool batchNorm)
    {
        var data = Synthetic.Gaussian(100, 30, 5, seed: 5);
        var spec = new ModelSpec(30, [64, 64], 5, activation, WeightInit.He, batchNorm);
        var options = new TrainingOptions { LearningRate = 1e-2, Optimizer = OptimizerKind.Adam, Seed = 2, Regularization = 0.5 };

        var check = SanityChecks.OverfitTinySubset(spec, options, data, examples: 20, maxSteps: 300);

        Assert.True(check.Passed, $"accuracy {check.TrainAccuracy} after {check.Steps} steps");
        Assert.Equal(20, check.Examples);
        Assert.Equal(1.0, check.TrainAccuracy);
    }

    [Fact]
    public void HugeLearningRate_Diverges()
    {
        var data = Synthetic.Gaussian(2000, 20, 4, seed: 6);
        var spec = new ModelSpec(20, [64], 4, Activation.ReLU, WeightInit.He, false);
        var options = new TrainingOptions { LearningRate = 1e3, BatchSize = 32, Epochs = 5, Seed = 1 };

        var result = Engine.Train(spec, options, data, data.Slice(0, 200));

        Assert.Equal(TrainingOutcome.Diverged, result.Outcome);
        Assert.NotNull(result.DivergenceReason);
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd, LearningRateDecay.None)]
    [InlineData(OptimizerKind.SgdMomentum, LearningRateDecay.Step)]
    [InlineData(OptimizerKind.Nesterov, LearningRateDecay.Exponential)]
    [InlineData(OptimizerKind.Adam, LearningRateDecay.None)]
    public void EveryOptimizer_ReducesTheLoss(OptimizerKind optimizer, LearningRateDecay decay)
    {
        var data = Synthetic.Gaussian(2000, 20, 4, seed: 7);
        var spec = new ModelSpec(20, [32], 4, Activation.LeakyReLU, WeightInit.He, false, Dropout: 0.1f);
        var options = new TrainingOptions
        {
            LearningRate = optimizer == OptimizerKind.Adam ? 1e-3 : 0.05, Optimizer = optimizer, BatchSize = 50, Epochs = 3, Seed = 3,
            Decay = decay, DecayRate = 0.5, DecayStepEpochs = 2,
        };

        var result = Engine.Train(spec, options, data.Slice(0, 1500), data.Slice(1500, 500));

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(result.TrainLoss < result.InitialLoss * 0.8, $"{result.InitialLoss} → {result.TrainLoss}");
        Assert.True(result.ValidationAccuracy > 0.5);
        double expectedLr = decay switch { LearningRateDecay.Step => options.LearningRate * 0.5, LearningRateDecay.Exponential => options.LearningRate * 0.25, _ => options.LearningRate };
        Assert.Equal(expectedLr, result.Epochs[2].LearningRate, 1e-12);
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalMetrics_AcrossThreadCounts()
    {
        var data = Synthetic.Gaussian(1200, 40, 5, seed: 8);
        var spec = new ModelSpec(40, [96, 48], 5, Activation.ELU, WeightInit.Xavier, BatchNorm: true, Dropout: 0.2f);
        var options = new TrainingOptions { LearningRate = 0.05, BatchSize = 64, Epochs = 2, Seed = 9, Threads = 1 };

        var a = Engine.Train(spec, options, data.Slice(0, 1000), data.Slice(1000, 200));
        var b = Engine.Train(spec, options, data.Slice(0, 1000), data.Slice(1000, 200));
        var c = Engine.Train(spec, options with { Threads = 2 }, data.Slice(0, 1000), data.Slice(1000, 200));

        Assert.Equal(Strip(a), Strip(b));
        Assert.Equal(Strip(a), Strip(c));
        Assert.Equal(a.Model.Evaluate(data), c.Model.Evaluate(data));
        var d = Engine.Train(spec, options with { Seed = 10 }, data.Slice(0, 1000), data.Slice(1000, 200));
        Assert.NotEqual(Strip(a), Strip(d));
    }

    [Fact]
    public async Task ConcurrentTrials_OnOneEngine_MatchSequentialRuns()
    {
        var engine = new TensorEngine(2);
        var data = Synthetic.Gaussian(1500, 30, 4, seed: 13);
        var spec = new ModelSpec(30, [64, 32], 4, Activation.ReLU, WeightInit.He, BatchNorm: true);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 50, Seed = 5 };
        var sequential = engine.Train(spec, options, data.Slice(0, 1200), data.Slice(1200, 300));

        var runs = Enumerable.Range(0, 3).Select(_ => Task.Run(() => engine.Train(spec, options, data.Slice(0, 1200), data.Slice(1200, 300)))).ToArray();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.Equal(Strip(sequential), Strip(r)));
        Assert.Equal(0, engine.ActiveTrials);
    }

    [Fact]
    public void Evaluate_AddsTheL2Penalty_WhenAsked()
    {
        var data = Synthetic.Gaussian(300, 12, 3, seed: 14);
        var result = Engine.Train(new ModelSpec(12, [16], 3, Activation.ELU, WeightInit.Xavier, false), new TrainingOptions { Epochs = 1, BatchSize = 30 }, data, data);
        var model = result.Model;
        double sumSquares = model.Parameters.Sum(w => (double)w * w);

        var (plain, accuracy) = model.Evaluate(data);
        var (regularised, same) = model.Evaluate(data, regularization: 0.1);

        Assert.Equal(plain + (0.05 * sumSquares), regularised, 1e-4);
        Assert.Equal(accuracy, same);
        Assert.Equal(result.ValidationAccuracy, accuracy);
    }

    [Fact]
    public void LabelSmoothing_ReportedLosses_AreTheSmoothedObjective()
    {
        var data = Synthetic.Gaussian(600, 10, 3, seed: 22);
        var validation = data.Slice(500, 100);
        var spec = new ModelSpec(10, [16], 3, Activation.Tanh, WeightInit.Xavier, false);
        var options = new TrainingOptions { Epochs = 2, BatchSize = 25, LearningRate = 0.1, LabelSmoothing = 0.1, Regularization = 1e-3, Seed = 4 };

        var result = Engine.Train(spec, options, data.Slice(0, 500), validation);

        // No BN or dropout: the double reference of the training objective is also the eval-mode one.
        var model = result.Model;
        double expected = Reference.ModelLoss(
            model, Reference.ToDouble(model.Parameters), Reference.ToDouble(validation.Features.Span), validation.Labels.ToArray(), validation.Count, 1e-3, 0.1);
        Assert.Equal(expected, result.ValidationLoss, 1e-5);
        Assert.Equal(expected, model.Evaluate(validation, 1e-3, 0.1).Loss, 1e-5);
        Assert.True(model.Evaluate(validation, 1e-3).Loss < result.ValidationLoss, "a fitted model pays for the smoothed mass on wrong classes");
        var plain = Engine.Train(spec, options with { LabelSmoothing = 0 }, data.Slice(0, 500), validation);
        Assert.NotEqual(plain.Model.Parameters, model.Parameters);
    }

    [Fact]
    public void InvalidArguments_AreRejected()
    {
        var data = Synthetic.Gaussian(50, 5, 2, seed: 15);
        var spec = new ModelSpec(5, [4], 2, Activation.ReLU, WeightInit.He, false);

        Assert.Throws<ArgumentException>(() => Engine.Train(spec with { InputSize = 6 }, new TrainingOptions(), data, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Train(spec with { Dropout = 1f }, new TrainingOptions(), data, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Train(spec, new TrainingOptions { LearningRate = 0 }, data, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Train(spec, new TrainingOptions { BatchSize = 0 }, data, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Train(spec with { HiddenLayers = [0] }, new TrainingOptions(), data, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Train(spec, new TrainingOptions { LabelSmoothing = 1 }, data, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Train(spec, new TrainingOptions { LabelSmoothing = -0.1 }, data, data));
        Assert.Throws<ArgumentOutOfRangeException>(() => Engine.Train(spec, new TrainingOptions { LabelSmoothing = double.NaN }, data, data));
    }

    [Fact]
    public void Cancellation_ReturnsCancelledOutcome()
    {
        var data = Synthetic.Gaussian(2000, 20, 4, seed: 10);
        var spec = new ModelSpec(20, [32], 4, Activation.ReLU, WeightInit.He, false);
        using var cts = new CancellationTokenSource();
        var options = new TrainingOptions { BatchSize = 10, Epochs = 50, Seed = 1 };

        var result = Engine.Train(spec, options, data, data.Slice(0, 100), m =>
        {
            if (m.Epoch == 2)
            {
                cts.Cancel();
            }
        }, cts.Token);

        Assert.Equal(TrainingOutcome.Cancelled, result.Outcome);
        Assert.Equal(2, result.Epochs.Count);
    }

    [Fact]
    public void EpochMetrics_ReportDiagnosticsPerHiddenLayer()
    {
        var data = Synthetic.Gaussian(600, 10, 3, seed: 11);
        var spec = new ModelSpec(10, [16, 8, 4], 3, Activation.Sigmoid, WeightInit.Xavier, false);
        var epochs = new List<EpochMetrics>();

        var result = Engine.Train(spec, new TrainingOptions { Epochs = 2, BatchSize = 20, LearningRate = 0.1 }, data.Slice(0, 500), data.Slice(500, 100), epochs.Add);

        Assert.Equal(2, epochs.Count);
        Assert.Equal(result.Epochs, epochs);
        Assert.All(epochs, e => Assert.Equal(3, e.Layers.Count));
        Assert.All(epochs[1].Layers, l =>
        {
            Assert.InRange(l.ActivationMean, 0, 1);
            Assert.InRange(l.SaturatedFraction, 0, 1);
            Assert.Equal(0, l.DeadFraction);
            Assert.True(l.UpdateToWeightRatio > 0);
        });
        Assert.Equal(epochs[1].TrainAccuracy - epochs[1].ValidationAccuracy, epochs[1].AccuracyGap, 1e-12);
    }

    [Fact]
    public void ZeroInit_NeverBreaksSymmetry()
    {
        var data = Synthetic.Gaussian(400, 10, 3, seed: 12);
        var spec = new ModelSpec(10, [8], 3, Activation.Tanh, WeightInit.Zeros, false);

        var result = Engine.Train(spec, new TrainingOptions { Epochs = 2, BatchSize = 20, LearningRate = 0.1 }, data, data);

        var hidden = result.Model.Blocks[0].Linear.Weight.Span;
        for (int p = 0; p < 10; p++)
        {
            for (int j = 1; j < 8; j++)
            {
                Assert.Equal(hidden[p * 8], hidden[(p * 8) + j]); // every hidden unit has the same weights
            }
        }
    }

    [Theory]
    [InlineData(Activation.ReLU, false, 0f, OptimizerKind.SgdMomentum)]
    [InlineData(Activation.Maxout, true, 0.5f, OptimizerKind.Adam)]
    public void TrainingStep_AllocatesNothing_AfterWarmUp(Activation activation, bool batchNorm, float dropout, OptimizerKind optimizer)
    {
        var spec = new ModelSpec(784, [512, 256], 10, activation, WeightInit.He, batchNorm, dropout);
        var model = new Model(spec, new Rng(1, 1));
        var ws = new Workspace(model, 128);
        var opt = new Optimizer(new TrainingOptions { Optimizer = optimizer }, model.ParameterCount);
        var rng = new Rng(2);
        for (int i = 0; i < 128; i++)
        {
            ws.Labels[i] = i % 10;
        }

        for (int i = 0; i < 3; i++)
        {
            Trainer.Step(model, ws, opt, 128, 0.01f, 1e-4f, rng);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 5; i++)
        {
            Trainer.Step(model, ws, opt, 128, 0.01f, 1e-4f, rng);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static string Strip(TrainingResult r) =>
        string.Join(";", r.Epochs.Select(e => $"{e.TrainLoss:R},{e.TrainAccuracy:R},{e.ValidationLoss:R},{e.ValidationAccuracy:R},{e.RunningTrainLoss:R},"
            + string.Join("|", e.Layers.Select(l => $"{l.ActivationMean:R},{l.ActivationStd:R},{l.UpdateToWeightRatio:R}")))) + $"#{r.InitialLoss:R}";
}
