using HyperSearch.Search.Scheduling;

namespace HyperSearch.Search.Tests.Scheduling;

public class AshaRungsTests
{
    [Theory]
    [InlineData(1, 27, 3, new[] { 1, 3, 9, 27 })]
    [InlineData(1, 10, 3, new[] { 1, 3, 9, 10 })]
    [InlineData(2, 2, 3, new[] { 2 })]
    [InlineData(1, 1, 2, new[] { 1 })]
    [InlineData(3, 100, 4, new[] { 3, 12, 48, 100 })]
    [InlineData(5, 6, 100, new[] { 5, 6 })]
    [InlineData(1, 1000, 100, new[] { 1, 100, 1000 })]
    [InlineData(1, 1000, 2, new[] { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000 })]
    [InlineData(999, 1000, 100, new[] { 999, 1000 })]
    public void Milestones_MultiplyByTheReduction_AndEndAtMaxEpochs(int min, int max, int reduction, int[] expected)
    {
        var rungs = AshaSpec.Create(min, max, reduction).Rungs;

        Assert.Equal(expected, rungs.Milestones);
        Assert.Equal(expected.Length, rungs.Count);
        Assert.Equal(expected.Length - 1, rungs.Top);
    }

    [Fact]
    public void Rungs_AgreeWithABruteForceScan_OverManyTriples()
    {
        var triples = new List<(int Min, int Max, int Reduction)>();
        for (var min = 1; min <= 12; min++)
        {
            for (var max = min; max <= 90; max++)
            {
                for (var reduction = 2; reduction <= 7; reduction++)
                {
                    triples.Add((min, max, reduction));
                }
            }
        }

        var random = new Random(31);
        for (var i = 0; i < 300; i++)
        {
            var min = random.Next(1, AshaSpec.MaxEpochsLimit + 1);
            triples.Add((min, random.Next(min, AshaSpec.MaxEpochsLimit + 1), random.Next(2, AshaSpec.MaxReduction + 1)));
        }

        foreach (var (min, max, reduction) in triples)
        {
            var rungs = AshaSpec.Create(min, max, reduction).Rungs;
            var expected = AshaReference.Milestones(min, max, reduction);

            Assert.Equal(expected, rungs.Milestones);
            for (var epochs = 0; epochs <= max + 2; epochs++)
            {
                Assert.Equal(expected.IndexOf(epochs), rungs.IndexOf(epochs));
                Assert.Equal(expected.Count(m => m <= epochs) - 1, rungs.RungReached(epochs));
            }

            for (var k = 0; k < expected.Count; k++)
            {
                Assert.Equal(expected[k], rungs.EpochsAt(k));
                Assert.Equal(k + 1 < expected.Count ? expected[k + 1] : null, rungs.NextTarget(k));
            }
        }
    }

    [Fact]
    public void Milestones_GrowByExactlyTheReduction_ExceptIntoTheAppendedTop()
    {
        var rungs = AshaSpec.Create(2, 50, 3).Rungs;

        Assert.Equal([2, 6, 18, 50], rungs.Milestones);
        Assert.Equal(6, rungs.NextTarget(0));
        Assert.Equal(50, rungs.NextTarget(2));
        Assert.Null(rungs.NextTarget(3));
    }

    [Fact]
    public void RungReached_IsMinusOne_BelowMinEpochs_AndTheTop_PastMaxEpochs()
    {
        var rungs = AshaSpec.Create(4, 36, 3).Rungs;

        Assert.Equal(-1, rungs.RungReached(3));
        Assert.Equal(0, rungs.RungReached(4));
        Assert.Equal(0, rungs.RungReached(11));
        Assert.Equal(1, rungs.RungReached(12));
        Assert.Equal(rungs.Top, rungs.RungReached(1000));
        Assert.Equal(-1, rungs.IndexOf(11));
        Assert.Equal(1, rungs.IndexOf(12));
    }

    [Fact]
    public void EpochsAtAndNextTarget_Throw_OutsideTheRungs()
    {
        var rungs = AshaSpec.Create(1, 9, 3).Rungs;

        Assert.Throws<ArgumentOutOfRangeException>(() => rungs.EpochsAt(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rungs.EpochsAt(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => rungs.NextTarget(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => rungs.NextTarget(3));
    }
}
