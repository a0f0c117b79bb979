namespace HyperSearch.Search.Tests;

public class RandomSamplerTests : SamplerContract
{
    protected override ISampler Create(long seed) => new RandomSampler(seed);

    [Fact]
    public void Size_IsUnbounded()
    {
        Assert.Null(new RandomSampler(1).Size(Spaces.Mixed));
    }

    [Fact]
    public void Sample_IsPinned_SoStoredSeedsReplayAcrossVersions()
    {
        // Guards against accidental changes to the generator or the dimension order.
        var trial = new RandomSampler(42).Sample(Spaces.LearningRateAndRegularization, 1)[0];

        Assert.Equal(PinnedLearningRate, trial.Get(Parameters.LearningRate), 15);
    }

    [Fact]
    public void Sample_LogScale_IsUniformInTheExponent()
    {
        var space = SearchSpace.Parse("""{ "learningRate": { "min": 1e-6, "max": 1e-2 } }""");

        var exponents = new RandomSampler(17).Sample(space, 4000).Select(t => Math.Log10(t.Get(Parameters.LearningRate))).ToList();

        // Four decades, about a quarter of the draws each.
        for (var decade = -6; decade < -2; decade++)
        {
            var share = exponents.Count(e => e >= decade && e < decade + 1) / 4000.0;
            Assert.InRange(share, 0.22, 0.28);
        }
    }

    [Fact]
    public void Sample_Categoricals_AreUniform()
    {
        var space = SearchSpace.Parse("""{ "activation": { "values": ["relu", "tanh", "elu", "maxout"] } }""");

        var counts = new RandomSampler(23).Sample(space, 4000).GroupBy(t => t.Get(Parameters.Activation)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 900, 1100));
    }

    [Fact]
    public void Sample_IntegerRange_ReachesBothEnds_Evenly()
    {
        var space = SearchSpace.Parse("""{ "maxoutPieces": { "min": 2, "max": 4 }, "activation": "maxout" }""");

        var counts = new RandomSampler(29).Sample(space, 3000).GroupBy(t => t.Get(Parameters.MaxoutPieces)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal([2, 3, 4], counts.Keys.Order());
        Assert.All(counts.Values, c => Assert.InRange(c, 900, 1100));
    }

    // Computed independently (Python) from xoshiro256** seeded with (42, RngStreams.RandomSampler)
    // through SplitMix64, and exp(ln 1e-6 + u·(ln 1e-1 − ln 1e-6)).
    private const double PinnedLearningRate = 0.0012423672233560564;
}
