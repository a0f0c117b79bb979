namespace HyperSearch.Core.Tests;

public class RngTests
{
    [Fact]
    public void SplitMix64_MatchesTheReferenceSequence()
    {
        // First outputs of Vigna's splitmix64.c seeded with 0.
        ulong state = 0;

        Assert.Equal(0xE220A8397B1DCDAFUL, SplitMix64.Next(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, SplitMix64.Next(ref state));
    }

    [Fact]
    public void NextUInt64_MatchesXoshiro256StarStarSeededBySplitMix64()
    {
        // Computed independently (Python) from Blackman & Vigna's xoshiro256** with the state filled
        // by four SplitMix64 outputs of seed 0, stream 0.
        var rng = new Rng(0);

        Assert.Equal(0x99EC5F36CB75F2B4UL, rng.NextUInt64());
        Assert.Equal(0xBF6E1F784956452AUL, rng.NextUInt64());
        Assert.Equal(0x1A5F849D4933E6E0UL, rng.NextUInt64());
    }

    [Fact]
    public void Streams_OfOneSeed_AreDifferentSequences()
    {
        var a = new Rng(7, RngStreams.BatchOrder);
        var b = new Rng(7, RngStreams.Dropout);

        Assert.NotEqual(Enumerable.Range(0, 8).Select(_ => a.NextUInt64()), Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
    }

    [Fact]
    public void FromState_ContinuesTheSameSequence_IncludingTheSpareNormal()
    {
        var rng = new Rng(123, RngStreams.WeightInit);
        rng.NextGaussian(); // leaves a spare normal in the state
        var saved = rng.State;
        var expected = new[] { rng.NextGaussian(), rng.NextDouble(), rng.NextGaussian(), rng.NextInt(1000) };

        var restored = Rng.FromState(saved);
        var actual = new[] { restored.NextGaussian(), restored.NextDouble(), restored.NextGaussian(), restored.NextInt(1000) };

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void NextGaussian_HasMeanZeroAndUnitVariance()
    {
        var rng = new Rng(42);
        var values = Enumerable.Range(0, 100_000).Select(_ => rng.NextGaussian()).ToArray();

        Assert.Equal(0, values.Average(), 2);
        Assert.Equal(1, values.Select(v => v * v).Average(), 1);
    }

    [Fact]
    public void NextInt_IsUniformAndInRange()
    {
        var rng = new Rng(5);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++)
        {
            counts[rng.NextInt(7)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
    }

    [Fact]
    public void NextDouble_IsInTheUnitInterval()
    {
        var rng = new Rng(-5);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.InRange(rng.NextDouble(), 0, 1 - 1e-17);
        }
    }

    [Fact]
    public void Shuffle_IsAPermutation_AndDependsOnTheSeed()
    {
        var a = Enumerable.Range(0, 100).ToArray();
        var b = Enumerable.Range(0, 100).ToArray();

        new Rng(1).Shuffle(a);
        new Rng(2).Shuffle(b);

        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Seeds_AreStableDistinctAndNonNegative()
    {
        Assert.Equal(Seeds.ForStage(42, 2), Seeds.ForStage(42, 2));
        Assert.NotEqual(Seeds.ForStage(42, 1), Seeds.ForStage(42, 2));
        Assert.NotEqual(Seeds.ForStage(42, 1), Seeds.ForStage(43, 1));
        Assert.NotEqual(Seeds.ForTrial(42, 1, 0), Seeds.ForTrial(42, 1, 1));
        Assert.NotEqual(Seeds.ForTrial(42, 1, 2), Seeds.ForTrial(42, 2, 1));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.True(Seeds.ForTrial(i, i % 5, i) >= 0));
    }
}
