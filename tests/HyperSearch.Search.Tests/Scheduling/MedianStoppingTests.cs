using HyperSearch.Search.Scheduling;

namespace HyperSearch.Search.Tests.Scheduling;

public class MedianStoppingTests : SchedulerContract<double, bool>
{
    private static readonly MedianStopping Rule = new(MedianStoppingSpec.Default);

    protected override bool NoAction => false;

    protected override (Func<IReadOnlyList<double>, bool> Decide, IReadOnlyList<double> Items) Draw(Random random)
    {
        var rule = new MedianStopping(MedianStoppingSpec.Create(warmupEpochs: random.Next(0, 3), minTrials: random.Next(1, 6)));
        var epoch = random.Next(1, 4);
        var value = random.Next(10) / 10.0;
        var others = Enumerable.Range(0, random.Next(0, 12))
            .Select(_ => random.Next(8) == 0 ? double.NaN : random.Next(10) / 10.0)
            .ToArray();
        return (o => rule.ShouldStop(epoch, value, o), others);
    }

    [Theory]
    [InlineData(0.69, true)]
    [InlineData(0.70, false)]
    [InlineData(0.71, false)]
    [InlineData(0.0, true)]
    [InlineData(1.0, false)]
    public void ShouldStop_OnlyStrictlyBelowTheMedian_OfAnOddCount(double value, bool expected)
    {
        double[] others = [0.9, 0.5, 0.8, 0.6, 0.7];

        var stop = Rule.ShouldStop(2, value, others);

        Assert.Equal(expected, stop);
    }

    [Theory]
    [InlineData(0.34, true)]
    [InlineData(0.35, false)]
    [InlineData(0.36, false)]
    public void ShouldStop_UsesTheMeanOfTheTwoMiddleValues_OfAnEvenCount(double value, bool expected)
    {
        double[] others = [0.6, 0.1, 0.5, 0.2, 0.4, 0.3];

        var stop = Rule.ShouldStop(2, value, others);

        Assert.Equal(expected, stop);
    }

    [Fact]
    public void ShouldStop_TheBottomHalf_WhenEachTrialIsComparedWithTheOthers()
    {
        // Six trials at epoch 3, each against the other five (Vizier's rule, one epoch's reports).
        double[] accuracies = [0.80, 0.75, 0.70, 0.60, 0.55, 0.50];

        var stopped = accuracies
            .Select((value, i) => Rule.ShouldStop(3, value, accuracies.Where((_, j) => j != i).ToArray()))
            .ToArray();

        Assert.Equal([false, false, false, true, true, true], stopped);
    }

    [Fact]
    public void ShouldStop_Never_BeforeTheWarmupEpoch()
    {
        var rule = new MedianStopping(MedianStoppingSpec.Create(warmupEpochs: 3, minTrials: 1));
        double[] others = [0.9];

        Assert.False(rule.ShouldStop(1, 0.1, others));
        Assert.False(rule.ShouldStop(2, 0.1, others));
        Assert.True(rule.ShouldStop(3, 0.1, others));
        Assert.True(rule.ShouldStop(4, 0.1, others));
    }

    [Fact]
    public void ShouldStop_FromTheFirstEpoch_WithWarmupZeroOrOne()
    {
        double[] others = [0.9];

        Assert.True(new MedianStopping(MedianStoppingSpec.Create(0, 1)).ShouldStop(1, 0.1, others));
        Assert.True(new MedianStopping(MedianStoppingSpec.Create(1, 1)).ShouldStop(1, 0.1, others));
    }

    [Fact]
    public void ShouldStop_Never_UntilMinTrialsOthersReachedTheEpoch()
    {
        double[] four = [0.9, 0.9, 0.9, 0.9];
        double[] five = [0.9, 0.9, 0.9, 0.9, 0.9];

        Assert.False(Rule.ShouldStop(2, 0.1, four));
        Assert.True(Rule.ShouldStop(2, 0.1, five));
        Assert.False(Rule.ShouldStop(2, 0.1, []));
    }

    [Fact]
    public void ShouldStop_ADivergedTrial_AlwaysEvenInWarmupAndAlone()
    {
        var rule = new MedianStopping(MedianStoppingSpec.Create(warmupEpochs: 10, minTrials: 5));

        Assert.True(rule.ShouldStop(1, double.NaN, []));
    }

    [Fact]
    public void ShouldStop_IgnoresTheOthersNaNs_ForTheCountAndTheMedian()
    {
        // Counted as values, NaN (which sorts first) would move the median to 0.5 and keep 0.5 alive.
        double[] withNaN = [double.NaN, 0.2, 0.4, 0.6, 0.8, 1.0];
        double[] mostlyNaN = [double.NaN, double.NaN, 0.9, 0.9, 0.9, 0.9];

        Assert.True(Rule.ShouldStop(2, 0.5, withNaN));
        Assert.False(Rule.ShouldStop(2, 0.1, mostlyNaN));
    }

    [Fact]
    public void ShouldStop_HandlesInfinitiesAndHugeValues_WithoutOverflow()
    {
        double[] huge = [double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue, double.MaxValue];
        double[] infinite = [double.NegativeInfinity, double.NegativeInfinity, 0, 0, 0];

        Assert.True(Rule.ShouldStop(2, 1e300, huge));
        Assert.False(Rule.ShouldStop(2, double.MaxValue, huge));
        Assert.True(Rule.ShouldStop(2, double.NegativeInfinity, infinite));
        Assert.False(Rule.ShouldStop(2, -1e300, [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, 0, 0]));
    }

    [Fact]
    public void ShouldStop_RejectsEpochZero_AndMissingArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Rule.ShouldStop(0, 0.5, []));
        Assert.Throws<ArgumentNullException>(() => Rule.ShouldStop(1, 0.5, null!));
        Assert.Throws<ArgumentNullException>(() => new MedianStopping(null!));
    }
}
