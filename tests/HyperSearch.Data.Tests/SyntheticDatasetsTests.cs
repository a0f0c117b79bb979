namespace HyperSearch.Data.Tests;

public sealed class SyntheticDatasetsTests
{
    [Fact]
    public void Spiral_HasKTimesNRowsIn2D_GroupedByClass()
    {
        var data = SyntheticDatasets.Spiral(new SpiralOptions { Classes = 4, PointsPerClass = 50 });

        Assert.Equal(200, data.Count);
        Assert.Equal(2, data.FeatureCount);
        Assert.Equal(4, data.ClassCount);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => i / 50), data.Train.Labels.ToArray());
    }

    [Fact]
    public void Spiral_FollowsTheCaseStudyFormula_WithoutNoise()
    {
        var data = SyntheticDatasets.Spiral(new SpiralOptions { Classes = 3, PointsPerClass = 5, Noise = 0 });
        var x = data.Train.Values.Span;

        // Class 1, point 4 of 5: r = 1, θ = 4·1 + 4·1 = 8.
        var row = 5 + 4;
        Assert.Equal(Math.Sin(8.0), x[2 * row], 5);
        Assert.Equal(Math.Cos(8.0), x[(2 * row) + 1], 5);

        // r = 0 at the first point of every arm.
        Assert.Equal(0f, x[0]);
    }

    [Fact]
    public void Spiral_IsDeterministicPerSeed()
    {
        var a = SyntheticDatasets.Spiral(new SpiralOptions { Seed = 7 });
        var b = SyntheticDatasets.Spiral(new SpiralOptions { Seed = 7 });
        var c = SyntheticDatasets.Spiral(new SpiralOptions { Seed = 8 });

        Assert.Equal(a.Train.Values.ToArray(), b.Train.Values.ToArray());
        Assert.NotEqual(a.Train.Values.ToArray(), c.Train.Values.ToArray());
    }

    [Fact]
    public void Spiral_PointsLieWithinTheUnitDisc()
    {
        var x = SyntheticDatasets.Spiral().Train.Values.Span;

        for (var i = 0; i < x.Length; i += 2)
        {
            Assert.True((x[i] * x[i]) + (x[i + 1] * x[i + 1]) <= 1.0001f);
        }
    }

    [Fact]
    public void Blobs_HasTheRequestedShape_AndIsDeterministic()
    {
        var options = new BlobsOptions { Classes = 3, PointsPerClass = 40, Dimensions = 5, Seed = 3 };

        var a = SyntheticDatasets.Blobs(options);
        var b = SyntheticDatasets.Blobs(options);

        Assert.Equal((120, 5, 3), (a.Count, a.FeatureCount, a.ClassCount));
        Assert.Equal(a.Train.Values.ToArray(), b.Train.Values.ToArray());
        Assert.NotEqual(a.Train.Values.ToArray(), SyntheticDatasets.Blobs(options with { Seed = 4 }).Train.Values.ToArray());
    }

    [Fact]
    public void Blobs_PointsClusterAroundTheirCentre()
    {
        var data = SyntheticDatasets.Blobs(new BlobsOptions { Classes = 2, PointsPerClass = 2000, Dimensions = 1, Spread = 0.5, Seed = 1 });
        var x = data.Train.Values.ToArray();

        double Mean(int from) => x.AsSpan(from, 2000).ToArray().Average();
        double Std(int from)
        {
            var m = Mean(from);
            return Math.Sqrt(x.AsSpan(from, 2000).ToArray().Select(v => (v - m) * (v - m)).Average());
        }

        Assert.Equal(0.5, Std(0), 1);
        Assert.Equal(0.5, Std(2000), 1);
        Assert.InRange(Math.Abs(Mean(0)), 0, 10.5);
    }
}
