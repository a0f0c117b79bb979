using System.Text.Json;

namespace HyperSearch.Search.Tests;

/// <summary>
/// Conditional parameters: a parameter that does not apply to a trial (momentum under adam, a user's own
/// "when") is neither sampled, stored nor multiplied into a grid; per-choice ranges follow their parent.
/// </summary>
public sealed class ConditionalParameterTests
{
    private const string MomentumSpace = """
        { "learningRate": { "min": 1e-4, "max": 1e-1 }, "optimizer": { "values": ["sgd_momentum", "adam"] }, "momentum": { "min": 0.8, "max": 0.99 } }
        """;

    public static TheoryData<string> Samplers => new() { "random", "sobol", "grid" };

    [Theory]
    [MemberData(nameof(Samplers))]
    public void RegistryCondition_MomentumOnlyUnderSgdMomentum_InEverySampler(string strategy)
    {
        var space = SearchSpace.Parse(MomentumSpace);

        var trials = Search.Samplers.Create(strategy, 3).Sample(space, 60);

        Assert.Contains(trials, t => t.Get(Parameters.Optimizer) == "adam");
        Assert.Contains(trials, t => t.Get(Parameters.Optimizer) == "sgd_momentum");
        Assert.All(trials, t =>
        {
            var applies = t.Get(Parameters.Optimizer) == "sgd_momentum";
            Assert.Equal(applies, t.IsActive(Parameters.Momentum.Name));
            Assert.Equal(applies, JsonDocument.Parse(JsonSerializer.Serialize(t)).RootElement.TryGetProperty("momentum", out _));
        });
    }

    [Fact]
    public void Grid_DoesNotMultiplyByAnInactiveParameter()
    {
        var space = SearchSpace.Parse(MomentumSpace);
        var grid = new GridSampler(3);

        var trials = grid.Sample(space, 100);

        // lr 3 × (sgd_momentum × momentum 3 + adam) = 12, not 3 × 2 × 3 = 18.
        Assert.Equal(12, grid.Size(space));
        Assert.Equal(12, trials.Count);
        Assert.Equal(12, trials.Distinct().Count());
        Assert.Equal(3, trials.Count(t => t.Get(Parameters.Optimizer) == "adam"));
    }

    [Fact]
    public void Grid_WithoutConditions_KeepsItsOrder_LastParameterFastest()
    {
        var space = SearchSpace.Parse("""{ "learningRate": { "values": [0.1, 0.2] }, "batchNorm": { "values": [true, false] } }""");

        var trials = new GridSampler(3).Sample(space, 10);

        Assert.Equal([(0.1, true), (0.1, false), (0.2, true), (0.2, false)], trials.Select(t => (t.Get(Parameters.LearningRate), t.Get(Parameters.BatchNorm))));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void UserCondition_WhenBatchNormIsOff_DropoutAppliesOnlyThen(string strategy)
    {
        var space = SearchSpace.Parse("""
            { "batchNorm": { "values": [true, false] }, "dropout": { "min": 0.1, "max": 0.5, "when": { "batchNorm": false } }, "learningRate": { "min": 1e-3, "max": 1e-1 } }
            """);

        var trials = Search.Samplers.Create(strategy, 5).Sample(space, 40);

        Assert.All(trials, t => Assert.Equal(!t.Get(Parameters.BatchNorm), t.IsActive(Parameters.Dropout.Name)));
        Assert.All(trials.Where(t => t.IsActive(Parameters.Dropout.Name)), t => Assert.InRange(t.Get(Parameters.Dropout), 0.1, 0.5));
        Assert.All(trials.Where(t => !t.IsActive(Parameters.Dropout.Name)), t => Assert.Equal(Parameters.Dropout.Default, t.Get(Parameters.Dropout)));
    }

    [Fact]
    public void UserCondition_NarrowsTheRegistryCondition()
    {
        var space = SearchSpace.Parse("""
            { "optimizer": { "values": ["sgd_momentum", "nesterov", "adam"] }, "momentum": { "min": 0.8, "max": 0.99, "when": { "optimizer": ["nesterov"] } } }
            """);

        var trials = new RandomSampler(2).Sample(space, 60);

        Assert.All(trials, t => Assert.Equal(t.Get(Parameters.Optimizer) == "nesterov", t.IsActive(Parameters.Momentum.Name)));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void PerChoiceRange_DrawsFromTheRangeOfTheTrialsOptimizer(string strategy)
    {
        var space = SearchSpace.Parse("""
            { "optimizer": { "values": ["adam", "sgd_momentum"] },
              "learningRate": { "byOptimizer": { "adam": { "min": 1e-5, "max": 1e-3 }, "sgd_momentum": { "min": 1e-2, "max": 1 } } } }
            """);

        var trials = Search.Samplers.Create(strategy, 7).Sample(space, 50);

        Assert.Contains(trials, t => t.Get(Parameters.Optimizer) == "adam");
        Assert.All(trials, t =>
        {
            var lr = t.Get(Parameters.LearningRate);
            if (t.Get(Parameters.Optimizer) == "adam")
            {
                Assert.InRange(lr, 1e-5, 1e-3);
            }
            else
            {
                Assert.InRange(lr, 1e-2, 1);
            }
        });
    }

    [Fact]
    public void PerChoiceRange_AndWhen_RoundTripThroughJson()
    {
        var space = SearchSpace.Parse("""
            { "batchNorm": { "values": [true, false] },
              "learningRate": { "byBatchNorm": { "true": { "min": 1e-3, "max": 1 }, "false": { "min": 1e-4, "max": 1e-1, "scale": "log" } } },
              "dropout": { "values": [0.1, 0.3], "when": { "batchNorm": false } } }
            """);

        var again = SearchSpace.Parse(space.ToJsonString());

        Assert.Equal(space, again);
        Assert.IsType<PerChoiceDistribution>(again.Parameters["learningRate"]);
        Assert.Equal("batchNorm", Assert.Single(again.Conditions["dropout"]).Parent);
    }

    [Theory]
    [InlineData("""{ "momentum": { "min": 0.8, "max": 0.9, "when": { "optimiser": "adam" } } }""", "space.momentum.when.optimiser")]
    [InlineData("""{ "optimizer": { "values": ["sgd_momentum", "adam"] }, "momentum": { "min": 0.8, "max": 0.9, "when": { "optimizer": ["rmsprop"] } } }""", "space.momentum.when.optimizer")]
    [InlineData("""{ "optimizer": { "values": ["sgd_momentum", "adam"] }, "dropout": { "min": 0.1, "max": 0.5, "when": { "optimizer": ["nesterov"] } } }""", "space.dropout.when.optimizer")]
    [InlineData("""{ "dropout": { "min": 0.1, "max": 0.5, "when": { "learningRate": 0.1 } } }""", "space.dropout.when.learningRate")]
    [InlineData("""{ "dropout": { "min": 0.1, "max": 0.5, "when": { "dropout": 0.1 } } }""", "space.dropout.when.dropout")]
    [InlineData("""{ "dropout": { "min": 0.1, "max": 0.5, "when": [] } }""", "space.dropout.when")]
    [InlineData("""
        { "batchNorm": { "values": [true, false], "when": { "optimizer": "adam" } }, "optimizer": { "values": ["adam", "sgd"], "when": { "batchNorm": true } } }
        """, "space.batchNorm")]
    [InlineData("""{ "optimizer": "adam", "momentum": { "min": 0.8, "max": 0.9 } }""", "space.momentum")]
    [InlineData("""{ "activation": "relu", "maxoutPieces": 3 }""", "space.maxoutPieces")]
    [InlineData("""{ "optimizer": { "values": ["adam", "sgd"] }, "learningRate": { "byOptimizer": { "adam": { "min": 1e-4, "max": 1e-2 } } } }""", "space.learningRate.byOptimizer")]
    [InlineData("""{ "learningRate": { "byOptimiser": { "adam": { "min": 1e-4, "max": 1e-2 } } } }""", "space.learningRate.byOptimiser")]
    [InlineData("""{ "optimizer": { "values": ["adam", "sgd"] }, "learningRate": { "byOptimizer": { "adam": { "min": 1e-2, "max": 1e-4 }, "sgd": 0.1 } } }""", "space.learningRate.byOptimizer.adam.min")]
    [InlineData("""{ "optimizer": { "values": ["adam", "sgd"] }, "learningRate": { "byOptimizer": { "adam": 0.1, "sgd": 0.1, "lion": 0.1 } } }""", "space.learningRate.byOptimizer")]
    [InlineData("""{ "activation": { "byOptimizer": { "adam": "relu" } } }""", "space.activation")]
    public void BadConditions_AreRejected_NamingTheField(string json, string field)
    {
        var ex = Assert.Throws<SearchSpaceException>(() => SearchSpace.Parse(json));

        Assert.Contains(ex.Errors.Keys, k => k == field || k.StartsWith(field + ".", StringComparison.Ordinal));
    }

    [Fact]
    public void StoredTrial_WithoutAnInactiveParameter_ReadsBackInactive()
    {
        var trial = new RandomSampler(1).Sample(SearchSpace.Parse("""{ "optimizer": "adam", "learningRate": { "min": 1e-4, "max": 1e-2 } }"""), 1)[0];

        var json = JsonSerializer.Serialize(trial);
        var back = JsonSerializer.Deserialize<Hyperparameters>(json)!;

        Assert.DoesNotContain("momentum", json, StringComparison.Ordinal);
        Assert.False(back.IsActive(Parameters.Momentum.Name));
        Assert.Equal(trial, back);
    }
}
