using Xunit.Abstractions;

namespace HyperSearch.Engine.Tests;

public class LearningRateRangeTests(ITestOutputHelper output)
{
    private static readonly TensorEngine OneCore = new(1);

    [Fact]
    public void ReferenceMlp_SuggestionIsWithinADecadeOfTheBestLearningRateOfAOneEpochSweep()
    {
        Assert.True(
            File.Exists(Path.Combine(FashionMnist.Directory, "train-images-idx3-ubyte.gz")),
            $"Fashion-MNIST is missing from {FashionMnist.Directory}: apt-get install -y dataset-fashion-mnist");
        var (allTrain, allValidation, _) = FashionMnist.Load();
        var train = allTrain.Slice(0, 20_000);
        var validation = allValidation.Slice(0, 5_000);
        var spec = new ModelSpec(784, [512, 256], 10, Activation.ReLU, WeightInit.He, BatchNorm: false);
        var options = new TrainingOptions { Regularization = 1e-4, Optimizer = OptimizerKind.SgdMomentum, Momentum = 0.9, BatchSize = 128, Epochs = 1, Seed = 1 };

        var finder = OneCore.FindLearningRate(spec, options, train);

        // The sweep: 1e-4 … 1 in half decades, one epoch each; a diverged run scores 0.
        var sweep = Enumerable.Range(0, 9).Select(k => 1e-4 * Math.Pow(10, k / 2.0)).Select(lr =>
        {
            var run = OneCore.Train(spec, options with { LearningRate = lr }, train, validation);
            return (Lr: lr, Accuracy: run.Outcome == TrainingOutcome.Completed ? run.ValidationAccuracy : 0);
        }).ToList();
        var best = sweep.MaxBy(s => s.Accuracy);
        var s = finder.Suggestion;
        output.WriteLine($"sweep: {string.Join(", ", sweep.Select(p => $"{p.Lr:G2} → {p.Accuracy:F3}"))}");
        output.WriteLine($"finder: lr {s.LearningRate:G3}, range [{s.Min:G3}, {s.Max:G3}], minimum {s.Minimum:G3}, diverged at {s.DivergedAt:G3}, {finder.Points.Count} points");

        Assert.True(s.Falling);
        Assert.True(finder.Diverged, "1e-6 … 10 should blow the reference MLP up before 10");
        Assert.True(
            Math.Abs(Math.Log10(s.LearningRate) - Math.Log10(best.Lr)) <= 1,
            $"suggested {s.LearningRate:G3}, the sweep's best is {best.Lr:G3} ({best.Accuracy:F3})");
        Assert.InRange(best.Lr, s.Min, s.Max);
    }

    [Fact]
    public void Suggestion_MovesWithTheProblem_TenTimesLargerInputsNeedMuchSmallerSteps()
    {
        // A linear softmax classifier under plain SGD: the loss's curvature grows with the inputs' square,
        // so the largest stable learning rate shrinks by up to 100 when the inputs grow by 10 (less on separable blobs, whose loss flattens).
        var data = Synthetic.Gaussian(2000, 20, 4, seed: 5);
        var scaled = new TrainingData(data.Features.ToArray().Select(v => v * 10).ToArray(), data.Labels, data.FeatureCount, data.ClassCount);
        var spec = new ModelSpec(20, [], 4, Activation.ReLU, WeightInit.Xavier, BatchNorm: false);
        var options = new TrainingOptions { Optimizer = OptimizerKind.Sgd, BatchSize = 32, Seed = 2 };

        var range = new LearningRateRangeOptions { MinLearningRate = 1e-6, MaxLearningRate = 1e3, Steps = 300 };

        var plain = OneCore.FindLearningRate(spec, options, data, range).Suggestion;
        var large = OneCore.FindLearningRate(spec, options, scaled, range).Suggestion;

        output.WriteLine($"plain {plain}; ×10 inputs {large}");
        Assert.True(plain.Falling && large.Falling);
        Assert.InRange(plain.LearningRate / large.LearningRate, 10, 1000); // measured: 42
        Assert.True(plain.DivergedAt > large.DivergedAt);
    }

    [Fact]
    public void Test_StopsWhenTheSmoothedLossExceedsFourTimesItsLowest()
    {
        var data = Synthetic.Gaussian(1000, 16, 3, seed: 7);
        var spec = new ModelSpec(16, [32], 3, Activation.ReLU, WeightInit.He, BatchNorm: false);
        var options = new TrainingOptions { Optimizer = OptimizerKind.Sgd, BatchSize = 50, Seed = 3 };
        var range = new LearningRateRangeOptions { MinLearningRate = 1e-4, MaxLearningRate = 1e4, Steps = 300 };

        var result = OneCore.FindLearningRate(spec, options, data, range);

        Assert.True(result.Diverged);
        Assert.InRange(result.Points.Count, 2, range.Steps - 1);
        var last = result.Points[^1];
        double lowest = result.Points.SkipLast(1).Min(p => p.SmoothedLoss);
        Assert.True(!double.IsFinite(last.SmoothedLoss) || last.SmoothedLoss > 4 * lowest, $"{last} vs lowest {lowest}");
        double best = double.PositiveInfinity;
        foreach (var p in result.Points.SkipLast(1))
        {
            Assert.True(p.SmoothedLoss <= 4 * best, $"{p} went past 4x the lowest so far ({best}) without stopping the test");
            best = Math.Min(best, p.SmoothedLoss);
        }

        Assert.Equal(last.LearningRate, result.Suggestion.DivergedAt);
        Assert.NotNull(result.DivergenceReason);
        Assert.True(result.Suggestion.Max < last.LearningRate);
    }

    [Fact]
    public void Test_RunsEveryStepAndDoesNotDiverge_WhenTheRangeStaysLow()
    {
        var data = Synthetic.Gaussian(1000, 16, 3, seed: 7);
        var spec = new ModelSpec(16, [32], 3, Activation.ReLU, WeightInit.He, BatchNorm: false);
        var options = new TrainingOptions { Optimizer = OptimizerKind.Sgd, BatchSize = 50, Seed = 3 };
        var range = new LearningRateRangeOptions { MinLearningRate = 1e-5, MaxLearningRate = 1e-3, Steps = 60 };

        var result = OneCore.FindLearningRate(spec, options, data, range);

        Assert.False(result.Diverged);
        Assert.Null(result.Suggestion.DivergedAt);
        Assert.Equal(60, result.Points.Count); // 3 passes over 20 batches each
        Assert.Equal(1e-5, result.Points[0].LearningRate, 12);
        Assert.Equal(1e-3, result.Points[^1].LearningRate, 12);
        Assert.All(result.Points.Zip(result.Points.Skip(1)), p => Assert.Equal(Math.Pow(100, 1.0 / 59), p.Second.LearningRate / p.First.LearningRate, 9));
    }

    [Fact]
    public void Test_IsDeterministicForASeed_AtAnyThreadCount()
    {
        var data = Synthetic.Gaussian(600, 24, 4, seed: 9);
        var spec = new ModelSpec(24, [64, 32], 4, Activation.Tanh, WeightInit.Xavier, BatchNorm: true, Dropout: 0.2f);
        var options = new TrainingOptions { Optimizer = OptimizerKind.Adam, BatchSize = 40, Regularization = 1e-3, Seed = 4 };
        var range = new LearningRateRangeOptions { Steps = 80 };

        var a = OneCore.FindLearningRate(spec, options with { Threads = 1 }, data, range);
        var b = new TensorEngine(2).FindLearningRate(spec, options with { Threads = 2 }, data, range);
        var other = OneCore.FindLearningRate(spec, options with { Seed = 5 }, data, range);

        Assert.Equal(a.Points, b.Points);
        Assert.Equal(a.Suggestion, b.Suggestion);
        Assert.NotEqual(a.Points.Select(p => p.Loss), other.Points.Select(p => p.Loss));
    }

    [Theory]
    [InlineData(0, 10, 200)]
    [InlineData(-1e-3, 10, 200)]
    [InlineData(double.NaN, 10, 200)]
    [InlineData(1e-3, 1e-3, 200)]
    [InlineData(1e-3, 1e-4, 200)]
    [InlineData(1e-3, double.PositiveInfinity, 200)]
    [InlineData(1e-6, 10, 1)]
    [InlineData(1e-6, 10, LearningRateRangeOptions.MaxSteps + 1)]
    public void Test_RefusesABadRange(double min, double max, int steps)
    {
        var data = Synthetic.Gaussian(100, 4, 2, seed: 1);
        var spec = new ModelSpec(4, [8], 2, Activation.ReLU, WeightInit.He, BatchNorm: false);
        var range = new LearningRateRangeOptions { MinLearningRate = min, MaxLearningRate = max, Steps = steps };

        Assert.Throws<ArgumentOutOfRangeException>(() => OneCore.FindLearningRate(spec, new TrainingOptions(), data, range));
    }

    [Fact]
    public void Test_RefusesEmptyDataAndBadOptions()
    {
        var data = Synthetic.Gaussian(100, 4, 2, seed: 1);
        var spec = new ModelSpec(4, [8], 2, Activation.ReLU, WeightInit.He, BatchNorm: false);

        Assert.Throws<ArgumentException>(() => OneCore.FindLearningRate(spec, new TrainingOptions(), data.Slice(0, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneCore.FindLearningRate(spec, new TrainingOptions { BatchSize = 0 }, data));
        Assert.Throws<ArgumentException>(() => OneCore.FindLearningRate(spec with { InputSize = 5 }, new TrainingOptions(), data));
        Assert.Throws<ArgumentOutOfRangeException>(() => OneCore.FindLearningRate(spec, new TrainingOptions(), data, new LearningRateRangeOptions { Smoothing = 1 }));
    }

    [Fact]
    public void Suggest_ReadsSteepestDescentAndTheLowestLoss_OffACurve()
    {
        // A smoothed loss that falls fastest at 1e-3 (a logistic step in log10 lr), bottoms out at 1e-1 and then blows up.
        var range = new LearningRateRangeOptions { MinLearningRate = 1e-6, MaxLearningRate = 10, Steps = 200 };
        var points = Enumerable.Range(0, 200).Select(i => LearningRateRangeTest.LearningRateAt(range, i)).TakeWhile(lr => lr <= 0.5).Select(lr =>
        {
            double x = Math.Log10(lr);
            double loss = 2.3 - (2 / (1 + Math.Exp(-3 * (x + 3)))) + (x > -1 ? 40 * (x + 1) * (x + 1) : 0);
            return new LearningRatePoint(lr, loss, loss);
        }).ToList();
        points.Add(new LearningRatePoint(0.6, 100, 100));

        var s = LearningRateRangeTest.Suggest(points, diverged: true, range.Steps);

        Assert.True(s.Falling);
        Assert.InRange(Math.Log10(s.Steepest), -3.1, -2.9);
        Assert.InRange(Math.Log10(s.Minimum), -1.2, -0.9);
        Assert.Equal(s.Minimum / Math.Sqrt(10), s.LearningRate, 12);
        Assert.Equal(s.Steepest, s.Min);
        Assert.Equal(s.Minimum, s.Max);
        Assert.Equal(0.6, s.DivergedAt);
    }

    [Fact]
    public void Suggest_SaysSo_WhenTheLossNeverFalls()
    {
        var points = Enumerable.Range(0, 50).Select(i => new LearningRatePoint(1e-7 * Math.Pow(1.1, i), 2.3 + (0.001 * i), 2.3 + (0.001 * i))).ToList();

        var s = LearningRateRangeTest.Suggest(points, diverged: false, 50);

        Assert.False(s.Falling);
        Assert.Null(s.DivergedAt);
        Assert.Equal(points[0].LearningRate, s.Minimum);
        Assert.True(s.Min < s.LearningRate && s.LearningRate < s.Max);
        Assert.Equal(10, s.Max / s.Min, 9);
    }
}
