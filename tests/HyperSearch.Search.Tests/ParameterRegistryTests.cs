using HyperSearch.Engine;

namespace HyperSearch.Search.Tests;

/// <summary>Contract every registry entry must meet, so that adding a parameter is one entry plus engine code.</summary>
public class ParameterRegistryTests
{
    public static TheoryData<string> Stored => new(Parameters.Stored.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Stored))]
    public void EveryStoredParameter_BindsToTheEngine(string name)
    {
        var parameter = Parameters.Get(name);
        var start = Enabled(parameter);
        var changed = start.With(name, OtherValue(parameter));

        var before = Bound(start);
        var after = Bound(changed);

        Assert.False(before.Model == after.Model && before.Training == after.Training, $"{name} changes nothing the engine sees");
    }

    [Theory]
    [MemberData(nameof(Stored))]
    public void EveryStoredParameter_HasAValidDefault_AndRoundTripsThroughASpace(string name)
    {
        var parameter = Parameters.Get(name);
        var value = OtherValue(parameter);

        var space = SearchSpace.Create(parameter.Condition is { } c
            ? [new(name, CategoricalDistribution.Fixed(value)), new(c.Parent, CategoricalDistribution.Fixed(c.Values[0]))]
            : [new(name, CategoricalDistribution.Fixed(value))]);
        var trial = new RandomSampler(1).Sample(space, 1)[0];

        Assert.Equal(value, trial.Get(name), ValueComparerForTests.Instance);
        Assert.Equal(parameter.Default, Hyperparameters.Default.Get(name), ValueComparerForTests.Instance);
        if (parameter.Bounds is { } bounds && parameter.Default is double or int)
        {
            Assert.True(bounds.Contains(Convert.ToDouble(parameter.Default, System.Globalization.CultureInfo.InvariantCulture)), $"{name}'s default is outside its bounds");
        }
    }

    // A conditional parameter only reaches the engine where its condition holds.
    private static Hyperparameters Enabled(ParameterDefinition parameter) =>
        parameter.Condition is { } c ? Hyperparameters.Default.With(c.Parent, c.Values[0]) : Hyperparameters.Default;

    [Fact]
    public void Conditions_NameAParentThatCanTakeTheirValues()
    {
        foreach (var p in Parameters.All.Where(p => p.Condition is not null))
        {
            var parent = Parameters.Get(p.Condition!.Parent);
            Assert.True(parent.Order < p.Order, $"{p.Name}'s parent comes later in the canonical order");
            if (parent.Kind == ParameterKind.Int)
            {
                Assert.All(p.Condition.Values, v => Assert.InRange((int)v, parent.Bounds!.Min, parent.Bounds.Max));
            }
            else
            {
                Assert.All(p.Condition.Values, v => Assert.Contains((string)v, parent.AllowedStrings!));
            }
        }
    }

    [Fact]
    public void LabelSmoothing_IsBoundToTheTrainingOptions()
    {
        var config = Bound(Hyperparameters.Default.With(Parameters.LabelSmoothing, 0.1));

        Assert.Equal(0.1, config.Training.LabelSmoothing);
    }

    [Fact]
    public void ConvParameters_BuildDoublingBlocks_WithTheImageShape()
    {
        var h = Hyperparameters.Default.With(Parameters.ConvBlocks, 2).With(Parameters.Filters, 16).With(Parameters.KernelSize, 5)
            .With(Parameters.Pooling, "none").With(Parameters.ConvBatchNorm, true);

        var model = Parameters.ToEngine(h, 784, 10, new TrainingOptions(), new ImageShape(1, 28, 28)).Model;

        Assert.Equal(new ImageShape(1, 28, 28), model.InputShape);
        Assert.Equal([new ConvBlockSpec(16, 5, BatchNorm: true, MaxPool: false), new ConvBlockSpec(32, 5, BatchNorm: true, MaxPool: false)], model.ConvBlocks);
    }

    [Fact]
    public void NoConvBlocks_LeavesTheMlpSpecAsBefore_EvenWithAShape()
    {
        var mlp = Parameters.ToEngine(Hyperparameters.Default.With(Parameters.Filters, 64), 784, 10, new TrainingOptions(), new ImageShape(1, 28, 28)).Model;

        Assert.Empty(mlp.ConvBlocks);
        Assert.Null(mlp.InputShape);
        Assert.Equal(Parameters.ToEngine(Hyperparameters.Default, 784, 10, new TrainingOptions()).Model, mlp);
    }

    [Fact]
    public void AugmentationParameters_BindToTheTrainingOptions_AndGiveAnMlpTheImageShape()
    {
        var h = Hyperparameters.Default.With(Parameters.CropPadding, 4).With(Parameters.HorizontalFlip, true);
        var shape = new ImageShape(3, 32, 32);

        var config = Parameters.ToEngine(h, 3072, 10, new TrainingOptions(), shape);
        var flipOnly = Parameters.ToEngine(Hyperparameters.Default.With(Parameters.HorizontalFlip, true), 3072, 10, new TrainingOptions(), shape);
        var off = Parameters.ToEngine(Hyperparameters.Default, 3072, 10, new TrainingOptions(), shape);

        Assert.Equal((4, true), (config.Training.CropPadding, config.Training.HorizontalFlip));
        Assert.Equal(shape, config.Model.InputShape); // the engine crops and flips rows of this shape, conv blocks or not
        Assert.Empty(config.Model.ConvBlocks);
        Assert.Equal(shape, flipOnly.Model.InputShape);
        Assert.Equal((0, false, null), (off.Training.CropPadding, off.Training.HorizontalFlip, off.Model.InputShape));
    }

    private static EngineConfig Bound(Hyperparameters h) => Parameters.ToEngine(h, 4, 3, new TrainingOptions());

    private static object OtherValue(ParameterDefinition p) => p.Kind switch
    {
        ParameterKind.Float => (double)p.Default == 0 ? 0.125 : (double)p.Default / 2,
        ParameterKind.Int => (int)p.Default + 1,
        ParameterKind.Bool => !(bool)p.Default,
        ParameterKind.String => p.AllowedStrings!.First(v => v != (string)p.Default),
        _ => new[] { 7, 5 },
    };

    private sealed class ValueComparerForTests : IEqualityComparer<object?>
    {
        public static ValueComparerForTests Instance { get; } = new();

        public new bool Equals(object? x, object? y) => x is IEnumerable<int> a && y is IEnumerable<int> b ? a.SequenceEqual(b) : object.Equals(x, y);

        public int GetHashCode(object? obj) => 0;
    }
}
