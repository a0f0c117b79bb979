namespace HyperSearch.Search.Tests;

public class SobolSamplerTests : SamplerContract
{
    protected override ISampler Create(long seed) => new SobolSampler(seed);

    [Fact]
    public void Points_Unscrambled_MatchTheReferenceSequence()
    {
        // The first eight points in three dimensions, worked by hand from the Joe–Kuo rows and Gray-code order.
        double[][] expected =
        [
            [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
            [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
        ];

        var points = new SobolSampler(0, scramble: false).Points(3, 8);

        Assert.Equal(expected, points);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Points_EveryDimension_IsStratified_InPowerOfTwoPrefixes(bool scramble)
    {
        // One point per slice of width 1/2^m in each dimension: the balance random search lacks.
        const int m = 8;
        var points = new SobolSampler(99, scramble).Points(SobolSampler.MaxDimensions, 1 << m);

        for (var d = 0; d < SobolSampler.MaxDimensions; d++)
        {
            var slices = points.Select(p => (int)(p[d] * (1 << m))).Distinct().Count();
            Assert.Equal(1 << m, slices);
        }
    }

    [Fact]
    public void Points_FirstTwoDimensions_FormANet()
    {
        // (0, m, 2)-net: every dyadic box of area 2^-m holds exactly one of the first 2^m points.
        const int m = 6;
        var points = new SobolSampler(0, scramble: false).Points(2, 1 << m);

        for (var k = 0; k <= m; k++)
        {
            var boxes = points.Select(p => ((int)(p[0] * (1 << k)), (int)(p[1] * (1 << (m - k))))).Distinct().Count();
            Assert.Equal(1 << m, boxes);
        }
    }

    [Fact]
    public void Points_AllDimensions_HaveValidDirectionNumbers()
    {
        // Every row's m_k must be odd and below 2^k, or the sequence silently degrades.
        foreach (var v in SobolDirections.Vectors)
        {
            for (var k = 0; k < SobolDirections.Bits; k++)
            {
                var mk = v[k] >> (SobolDirections.Bits - 1 - k);
                Assert.True((mk & 1) == 1 && mk < 1UL << (k + 1), $"bad direction number {mk} at bit {k}");
            }
        }

        Assert.True(SobolSampler.MaxDimensions >= Parameters.Names.Count);
    }

    [Fact]
    public void Sample_TooManyDimensions_IsNotPossible_ForAnyValidSpace()
    {
        var everything = SearchSpace.Parse("""
            { "learningRate": { "min": 1e-4, "max": 1e-1 }, "regularization": { "min": 1e-6, "max": 1e-2 }, "depth": { "min": 1, "max": 3 },
              "width": { "min": 16, "max": 64 }, "activation": { "values": ["relu", "elu", "leaky_relu", "maxout"] }, "weightInit": { "values": ["he", "xavier"] },
              "batchNorm": { "values": [true, false] }, "optimizer": { "values": ["adam", "sgd", "nesterov"] }, "batchSize": { "values": [32, 64] },
              "dropout": { "min": 0, "max": 0.5 }, "momentum": { "min": 0.5, "max": 0.99 }, "learningRateDecay": { "values": ["none", "step"] },
              "decayRate": { "min": 0.5, "max": 1 }, "leakySlope": { "min": 0.01, "max": 0.3 }, "maxoutPieces": { "min": 2, "max": 4 } }
            """);

        var trials = new SobolSampler(5).Sample(everything, 64);

        Assert.Equal(64, trials.Distinct().Count());
    }
}
