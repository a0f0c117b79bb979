namespace HyperSearch.Search.Tests;

/// <summary>
/// What every sampler must do (after Optuna's shared sampler tests). Each sampler's test class
/// derives from this and inherits every fact.
/// </summary>
public abstract class SamplerContract
{
    protected abstract ISampler Create(long seed);

    /// <summary>False for samplers whose plan does not depend on the seed (the grid).</summary>
    protected virtual bool SeedChangesThePlan => true;

    [Fact]
    public void Name_IsAKnownStrategy()
    {
        Assert.Contains(Create(1).Name, Samplers.All);
        Assert.Equal(Create(1).Name, Samplers.Create(Create(1).Name, 1).Name);
    }

    [Fact]
    public void Sample_IsReproducible_WithTheSameSeed()
    {
        var first = Create(42).Sample(Spaces.Mixed, 40);
        var second = Create(42).Sample(Spaces.Mixed, 40);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Sample_DiffersBetweenSeeds_UnlessTheSamplerIgnoresSeeds()
    {
        var a = Create(1).Sample(Spaces.Mixed, 20);
        var b = Create(2).Sample(Spaces.Mixed, 20);

        if (!SeedChangesThePlan)
        {
            Assert.Equal(a, b);
            return;
        }

        Assert.NotEqual(a, b);
        Assert.NotEqual(a.Select(h => h.Get(Parameters.LearningRate)), b.Select(h => h.Get(Parameters.LearningRate)));
    }

    [Fact]
    public void Sample_ShorterPlan_IsAPrefixOfALongerOne()
    {
        var longer = Create(7).Sample(Spaces.Mixed, 30);
        var shorter = Create(7).Sample(Spaces.Mixed, 12);

        Assert.Equal(longer.Take(12), shorter);
    }

    [Theory]
    [InlineData(Spaces.MixedJson)]
    [InlineData(Spaces.Issue6Json)]
    [InlineData("""{ "learningRate": { "min": 1e-7, "max": 10 }, "batchSize": { "min": 1, "max": 4096, "scale": "log" }, "maxoutPieces": { "min": 2, "max": 4 }, "decayRate": { "min": 0.5, "max": 1 }, "activation": "maxout", "learningRateDecay": "step" }""")]
    public void Sample_StaysInsideTheSpace_AndRespectsTypes(string json)
    {
        var space = SearchSpace.Parse(json);

        var trials = Create(3).Sample(space, 200);

        Assert.NotEmpty(trials);
        foreach (var trial in trials)
        {
            foreach (var name in space.Names.Where(trial.IsActive))
            {
                var value = trial.Get(name);
                switch (space.Parameters[name])
                {
                    case FloatDistribution range:
                        var d = Assert.IsType<double>(value);
                        Assert.InRange(d, range.Min, range.Max);
                        break;
                    case IntDistribution range:
                        var i = Assert.IsType<int>(value);
                        Assert.InRange(i, range.Min, range.Max);
                        break;
                    case CategoricalDistribution list:
                        Assert.Contains(list.Choices, c => c is IReadOnlyList<int> widths ? widths.SequenceEqual((IReadOnlyList<int>)value!) : c.Equals(value));
                        break;
                }
            }
        }
    }

    [Fact]
    public void Sample_LogDimension_IsCentredInTheExponent()
    {
        // Over 1e-6 … 1e-1 the median exponent of a log-scale sampler is near -3.5; a linear one's is near -1.3.
        var trials = Create(5).Sample(Spaces.LearningRateAndRegularization, 100);

        var exponents = trials.Select(t => Math.Log10(t.Get(Parameters.LearningRate))).Order().ToList();
        Assert.InRange(exponents[exponents.Count / 2], -4.5, -2.5);
    }

    [Fact]
    public void Sample_FixedParameters_AreAlwaysThatValue()
    {
        var trials = Create(9).Sample(Spaces.Mixed, 25);

        Assert.All(trials, t => Assert.Equal(0.95, t.Get(Parameters.Momentum)));
        Assert.All(trials, t => Assert.Equal("nesterov", t.Get(Parameters.Optimizer)));
        Assert.All(trials, t => Assert.Equal(Hyperparameters.Default.Get(Parameters.LeakySlope), t.Get(Parameters.LeakySlope)));
    }

    [Fact]
    public void Sample_DepthAndWidth_MakeUniformLayers()
    {
        var trials = Create(11).Sample(Spaces.Mixed, 50);

        Assert.All(trials, t =>
        {
            Assert.InRange(t.Get(Parameters.HiddenLayers).Count, 1, 4);
            Assert.Single(t.Get(Parameters.HiddenLayers).Distinct());
        });
    }

    [Fact]
    public void Sample_ReturnsTheRequestedCount_UpToTheSize()
    {
        var sampler = Create(1);
        var size = sampler.Size(Spaces.Mixed);

        Assert.Empty(sampler.Sample(Spaces.Mixed, 0));
        Assert.Equal((int)Math.Min(17, size ?? long.MaxValue), sampler.Sample(Spaces.Mixed, 17).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Sample(Spaces.Mixed, -1));
    }

    [Fact]
    public void Sample_EmptySpace_GivesTheDefaults()
    {
        var trials = Create(1).Sample(SearchSpace.Empty, 3);

        Assert.All(trials, t => Assert.Equal(Hyperparameters.Default, t));
    }
}
