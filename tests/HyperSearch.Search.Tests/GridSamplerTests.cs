namespace HyperSearch.Search.Tests;

public class GridSamplerTests : SamplerContract
{
    protected override ISampler Create(long seed) => new GridSampler(gridPoints: 3);

    protected override bool SeedChangesThePlan => false;

    [Fact]
    public void Axes_AreEvenlySpacedInTheScale_WithEndpoints()
    {
        var space = SearchSpace.Parse("""{ "learningRate": { "min": 1e-5, "max": 1e-1 }, "dropout": { "min": 0, "max": 0.5 } }""");

        var axes = new GridSampler(5).Axes(space);

        Assert.Equal([1e-5, 1e-4, 1e-3, 1e-2, 1e-1], axes[0].Cast<double>(), new Tolerance(1e-12));
        Assert.Equal([0, 0.125, 0.25, 0.375, 0.5], axes[1].Cast<double>(), new Tolerance(1e-12));
    }

    [Fact]
    public void Axes_OnePoint_IsTheCentreInTheScale()
    {
        var space = SearchSpace.Parse("""{ "learningRate": { "min": 1e-5, "max": 1e-1 }, "dropout": { "min": 0, "max": 0.5 } }""");

        var axes = new GridSampler(1).Axes(space);

        Assert.Equal(1e-3, (double)axes[0].Single(), 12);
        Assert.Equal(0.25, (double)axes[1].Single(), 12);
    }

    [Fact]
    public void Axes_IntegerRanges_AreRoundedAndDeduplicated()
    {
        var space = SearchSpace.Parse("""{ "depth": { "min": 1, "max": 3 }, "batchSize": { "min": 16, "max": 256, "scale": "log" } }""");

        var axes = new GridSampler(5).Axes(space);

        Assert.Equal([1, 2, 3], axes[0].Cast<int>());
        Assert.Equal([16, 32, 64, 128, 256], axes[1].Cast<int>());
    }

    [Fact]
    public void Axes_Lists_TakeEveryValue_WhateverGridPoints()
    {
        var axes = new GridSampler(2).Axes(Spaces.Issue6);

        Assert.Equal([2, 2, 2, 6, 3, 2, 2, 2], axes.Select(a => a.Count));
    }

    [Fact]
    public void Size_IsKnownUpFront_AndSampleStopsThere()
    {
        var sampler = new GridSampler(3);
        var space = Spaces.LearningRateAndRegularization;

        Assert.Equal(9, sampler.Size(space));
        var trials = sampler.Sample(space, 100);

        Assert.Equal(9, trials.Count);
        Assert.Equal(9, trials.Distinct().Count());
    }

    [Fact]
    public void Sample_LastParameterVariesFastest()
    {
        var trials = new GridSampler(2).Sample(Spaces.LearningRateAndRegularization, 4);

        Assert.Equal([1e-6, 1e-6, 1e-1, 1e-1], trials.Select(t => t.Get(Parameters.LearningRate)));
        Assert.Equal([1e-6, 1e-1, 1e-6, 1e-1], trials.Select(t => t.Get(Parameters.Regularization)));
    }

    [Fact]
    public void Sample_Issue6Space_CoversTheWholeProduct()
    {
        var sampler = new GridSampler(3);

        var trials = sampler.Sample(Spaces.Issue6, int.MaxValue);

        Assert.Equal(3 * 3 * 2 * 6 * 3 * 2 * 2 * 2, sampler.Size(Spaces.Issue6));
        Assert.Equal(sampler.Size(Spaces.Issue6), trials.Distinct().Count());
    }

    [Fact]
    public void Sample_OverTheSizeLimit_IsRejected_WithAClearError()
    {
        var sampler = new GridSampler(10);

        Assert.Equal(10 * 10 * 2 * 6 * 3 * 2 * 2 * 2, sampler.Size(Spaces.Issue6));
        var e = Assert.Throws<SearchSpaceException>(() => sampler.Sample(Spaces.Issue6, 1));

        var message = Assert.Single(e.Errors["gridPoints"]);
        Assert.Contains("28800 points", message, StringComparison.Ordinal);
        Assert.Contains("over the limit of 10000", message, StringComparison.Ordinal);
        Assert.Contains("learningRate 10", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_RespectsALowerConfiguredLimit()
    {
        Assert.Throws<SearchSpaceException>(() => new GridSampler(3, maxGridSize: 8).Sample(Spaces.LearningRateAndRegularization, 1));
        Assert.Equal(9, new GridSampler(3, maxGridSize: 9).Sample(Spaces.LearningRateAndRegularization, 10).Count);
    }

    [Fact]
    public void Size_Saturates_InsteadOfOverflowing()
    {
        var json = "{" + string.Join(",", new[] { "learningRate", "regularization", "dropout", "momentum", "decayRate", "labelSmoothing" }
            .Select(n => $"\"{n}\": {{ \"min\": 0.1, \"max\": 0.5 }}")) + ", \"learningRateDecay\": \"step\" }";

        Assert.Equal(long.MaxValue, new GridSampler(int.MaxValue).Size(SearchSpace.Parse(json)));
    }

    [Fact]
    public void PointsPerParameter_OverrideGridPoints()
    {
        var sampler = new GridSampler(3, new Dictionary<string, int> { [Parameters.LearningRate.Name] = 5 });

        Assert.Equal(15, sampler.Size(Spaces.LearningRateAndRegularization));
    }

    [Fact]
    public void Constructor_RejectsNonPositivePoints()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridSampler(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GridSampler(3, new Dictionary<string, int> { ["dropout"] = 0 }));
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));

        public int GetHashCode(double obj) => 0;
    }
}
