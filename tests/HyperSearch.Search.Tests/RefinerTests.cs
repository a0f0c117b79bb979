namespace HyperSearch.Search.Tests;

public class RefinerTests
{
    private static readonly SearchSpace LogSpace = SearchSpace.Parse("""
        { "learningRate": { "min": 1e-6, "max": 1e-1 }, "dropout": { "min": 0, "max": 0.8 }, "activation": { "values": ["relu", "tanh", "elu"] }, "optimizer": "adam" }
        """);

    private static TrialOutcome Trial(int index, double? accuracy, double learningRate, double dropout = 0.4, string activation = "relu") =>
        new(index, Hyperparameters.Default.With(Parameters.LearningRate, learningRate).With(Parameters.Dropout, dropout).With(Parameters.Activation, activation).With(Parameters.Optimizer, "adam"), accuracy);

    private static FloatDistribution Range(RefinementResult result, string name) => Assert.IsType<FloatDistribution>(result.Space.Find(name));

    [Fact]
    public void Refine_ShrinksRange_AroundTheTopK_InLogSpace()
    {
        TrialOutcome[] trials =
        [
            Trial(0, 0.50, 1e-4), Trial(1, 0.55, 1e-3), Trial(2, 0.20, 1e-6 * 3), Trial(3, 0.10, 5e-2), Trial(4, 0.52, 3e-4),
        ];

        var result = Refiner.Refine(LogSpace, trials, RefineOptions.Default with { TopK = 3 });

        // Top 3 span 1e-4 … 1e-3; the margin is 10 % of five decades = half a decade each side.
        var lr = Range(result, Parameters.LearningRate.Name);
        Assert.Equal(ParameterScale.Log, lr.Scale);
        Assert.Equal(1e-4 / Math.Sqrt(10), lr.Min, 1e-12);
        Assert.Equal(1e-3 * Math.Sqrt(10), lr.Max, 1e-12);
        Assert.Equal(RangeChange.Narrowed, result.Changes[Parameters.LearningRate.Name]);
        Assert.Equal([1, 4, 0], result.TopTrials.Select(t => t.Index));
    }

    [Fact]
    public void Refine_MovesRange_WhenBestIsAtTheUpperEdge()
    {
        var space = SearchSpace.Parse("""{ "learningRate": { "min": 1e-6, "max": 1e-2 } }""");
        TrialOutcome[] trials = [Trial(0, 0.9, 9e-3), Trial(1, 0.5, 1e-4), Trial(2, 0.3, 1e-5)];

        var result = Refiner.Refine(space, trials, RefineOptions.Default with { TopK = 2 });

        // 9e-3 is within 10 % (0.4 decades) of 1e-2: the range moves up by half the old span (2 decades).
        var lr = Range(result, Parameters.LearningRate.Name);
        Assert.Equal(RangeChange.ExtendedAbove, result.Changes[Parameters.LearningRate.Name]);
        Assert.Equal(1.0, lr.Max, 1e-12);
        Assert.Equal(1e-4 / Math.Pow(10, 0.4), lr.Min, 1e-15);
    }

    [Fact]
    public void Refine_ExtensionPastAnEdge_StopsAtTheHardLimit()
    {
        TrialOutcome[] trials = [Trial(0, 0.9, 0.09), Trial(1, 0.5, 1e-3)];

        var result = Refiner.Refine(LogSpace, trials);

        Assert.Equal(10, Range(result, Parameters.LearningRate.Name).Max);
    }

    [Fact]
    public void Refine_MovesRange_WhenBestIsAtTheLowerEdge()
    {
        TrialOutcome[] trials = [Trial(0, 0.9, 1.5e-6), Trial(1, 0.5, 1e-5), Trial(2, 0.3, 1e-2)];

        var result = Refiner.Refine(LogSpace, trials, RefineOptions.Default with { TopK = 2 });

        var lr = Range(result, Parameters.LearningRate.Name);
        Assert.Equal(RangeChange.ExtendedBelow, result.Changes[Parameters.LearningRate.Name]);
        Assert.True(lr.Min < 1e-6, $"min {lr.Min} should move below the old edge");
        Assert.Equal(1e-7, lr.Min); // clamped at the hard limit, 10^-8.5 would be below it
        Assert.True(lr.Max < 1e-2);
    }

    [Fact]
    public void Refine_LinearParameter_ExtendsInItsOwnScale_AndClampsToTheHardLimit()
    {
        TrialOutcome[] trials = [Trial(0, 0.9, 1e-3, dropout: 0.79), Trial(1, 0.8, 1e-3, dropout: 0.5)];

        var result = Refiner.Refine(LogSpace, trials);

        var dropout = Range(result, Parameters.Dropout.Name);
        Assert.Equal(RangeChange.ExtendedAbove, result.Changes[Parameters.Dropout.Name]);
        Assert.Equal(0.9, dropout.Max); // 0.8 + 0.4 is past the dropout limit of 0.9
        Assert.Equal(0.5 - 0.08, dropout.Min, 1e-12);
    }

    [Fact]
    public void Refine_AllTopKShareOneValue_MakesASmallRangeAroundIt()
    {
        TrialOutcome[] trials = [Trial(0, 0.9, 1e-3, dropout: 0.4), Trial(1, 0.8, 1e-3, dropout: 0.4)];

        var result = Refiner.Refine(LogSpace, trials);

        var lr = Range(result, Parameters.LearningRate.Name);
        Assert.True(lr.Min < 1e-3 && 1e-3 < lr.Max);
        Assert.Equal(Math.Log10(lr.Max) - Math.Log10(1e-3), Math.Log10(1e-3) - Math.Log10(lr.Min), 9);
    }

    [Fact]
    public void Refine_SpreadOutTopK_StillNarrows_AroundTheBest()
    {
        TrialOutcome[] trials = [Trial(0, 0.9, 1e-3, dropout: 0.4), Trial(1, 0.8, 1e-5, dropout: 0.1), Trial(2, 0.7, 1e-2, dropout: 0.7)];

        var result = Refiner.Refine(LogSpace, trials);

        var dropout = Range(result, Parameters.Dropout.Name);
        Assert.Equal(0.8 * 0.8, dropout.Max - dropout.Min, 1e-12);
        Assert.Equal(0.4, (dropout.Max + dropout.Min) / 2, 1e-12);
    }

    [Fact]
    public void Refine_Categoricals_KeepTheValuesSeenInTheTopK_InTheirOrder()
    {
        TrialOutcome[] trials =
        [
            Trial(0, 0.9, 1e-3, activation: "elu"), Trial(1, 0.8, 1e-3, activation: "relu"), Trial(2, 0.1, 1e-3, activation: "tanh"),
        ];

        var result = Refiner.Refine(LogSpace, trials, RefineOptions.Default with { TopK = 2 });

        Assert.Equal(new CategoricalDistribution(["relu", "elu"]), result.Space.Find(Parameters.Activation.Name));
        Assert.Equal(RangeChange.Narrowed, result.Changes[Parameters.Activation.Name]);
        Assert.Equal(CategoricalDistribution.Fixed("adam"), result.Space.Find(Parameters.Optimizer.Name));
        Assert.Equal(RangeChange.Kept, result.Changes[Parameters.Optimizer.Name]);
    }

    [Fact]
    public void Refine_FailedTrials_NeverCountAsBest()
    {
        TrialOutcome[] trials = [Trial(0, null, 0.09), Trial(1, double.NaN, 0.09), Trial(2, 0.4, 1e-4), Trial(3, 0.3, 3e-4)];

        var result = Refiner.Refine(LogSpace, trials);

        Assert.Equal([2, 3], result.TopTrials.Select(t => t.Index));
        Assert.True(Range(result, Parameters.LearningRate.Name).Max < 1e-2);
    }

    [Fact]
    public void Refine_NoSuccessfulTrial_RepeatsTheSpace()
    {
        var result = Refiner.Refine(LogSpace, [Trial(0, null, 1e-3)]);

        Assert.Equal(LogSpace, result.Space);
        Assert.All(result.Changes.Values, c => Assert.Equal(RangeChange.Kept, c));
    }

    [Fact]
    public void Refine_IntegerRanges_RoundOutward_AndStayOrdered()
    {
        var space = SearchSpace.Parse("""{ "depth": { "min": 1, "max": 8 }, "width": { "min": 16, "max": 1024, "scale": "log" } }""");
        var best = Hyperparameters.Default.With(Parameters.HiddenLayers, [64, 64, 64, 64]);
        TrialOutcome[] trials = [new(0, best, 0.9), new(1, best, 0.8)];

        var result = Refiner.Refine(space, trials);

        var depth = Assert.IsType<IntDistribution>(result.Space.Find(Parameters.Depth.Name));
        var width = Assert.IsType<IntDistribution>(result.Space.Find(Parameters.Width.Name));
        Assert.True(depth.Min <= 4 && 4 <= depth.Max && depth.Min < depth.Max);
        Assert.True(width.Min < 64 && 64 < width.Max && width.IsLog);
        Assert.True(depth.Max - depth.Min < 7 && width.Max - width.Min < 1008);
    }

    [Fact]
    public void Refine_ExclusiveLimits_AreApproachedNotReached()
    {
        var space = SearchSpace.Parse("""{ "decayRate": { "min": 0.01, "max": 0.5 }, "leakySlope": { "min": 0.5, "max": 0.99 }, "learningRateDecay": "step", "activation": "leaky_relu" }""");
        var best = Hyperparameters.Default.With(Parameters.LearningRateDecay, "step").With(Parameters.Activation, "leaky_relu").With(Parameters.DecayRate, 0.01).With(Parameters.LeakySlope, 0.99);

        var result = Refiner.Refine(space, [new TrialOutcome(0, best, 0.9)]);

        var decay = Range(result, Parameters.DecayRate.Name);
        var slope = Range(result, Parameters.LeakySlope.Name);
        Assert.True(decay.Min > 0 && decay.Min < 0.01);
        Assert.True(slope.Max < 1 && slope.Max > 0.99);
    }

    [Fact]
    public void Refine_ResultRoundTripsThroughJson()
    {
        TrialOutcome[] trials = [Trial(0, 0.9, 1e-3), Trial(1, 0.8, 1e-5)];

        var space = Refiner.Refine(LogSpace, trials).Space;

        Assert.Equal(space, SearchSpace.Parse(space.ToJsonString()));
    }

    [Fact]
    public void Refine_RejectsBadOptions()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Refiner.Refine(LogSpace, [], RefineOptions.Default with { TopK = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Refiner.Refine(LogSpace, [], RefineOptions.Default with { EdgeFraction = 0.5 }));
    }

    /// <summary>Many random seeded stages: the invariants the issue asks for, on every one.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Refine_Properties_HoldOnRandomStages(int seed)
    {
        var random = new Random(seed);
        for (var iteration = 0; iteration < 250; iteration++)
        {
            var space = RandomSpace(random);
            var trials = new RandomSampler(random.NextInt64()).Sample(space, random.Next(1, 30))
                .Select((h, i) => new TrialOutcome(i, h, random.NextDouble() < 0.15 ? null : random.NextDouble()))
                .ToList();
            if (random.NextDouble() < 0.4)
            {
                // Make an edge the winner: the trial nearest an edge of learningRate gets the top accuracy.
                var extreme = random.NextDouble() < 0.5 ? trials.MinBy(t => t.Hyperparameters.Get(Parameters.LearningRate))! : trials.MaxBy(t => t.Hyperparameters.Get(Parameters.LearningRate))!;
                trials[extreme.Index] = extreme with { ValidationAccuracy = 2 };
            }

            // One range per distribution here; per-choice refinement has its own tests.
            var options = RefineOptions.Default with { TopK = random.Next(1, 8), PerChoice = false };
            var result = Refiner.Refine(space, trials, options);
            var best = trials.Where(t => t.ValidationAccuracy is not null).OrderByDescending(t => t.ValidationAccuracy).ThenBy(t => t.Index).FirstOrDefault();

            foreach (var name in space.Names)
            {
                var before = space.Parameters[name];
                var after = result.Space.Parameters[name];
                var context = $"seed {seed} iteration {iteration} {name}: {before.ToJson().ToJsonString()} → {after.ToJson().ToJsonString()}";
                switch (before, after)
                {
                    case (FloatDistribution old, FloatDistribution next):
                        Assert.True(next.Min < next.Max, $"inverted: {context}");
                        Assert.True(Parameters.Get(name).Bounds!.Contains(next.Min) && Parameters.Get(name).Bounds!.Contains(next.Max), $"outside limits: {context}");
                        if (best is not null)
                        {
                            CheckEdgeBehaviour(old, next, (double)best.Hyperparameters.Get(name)!, Parameters.Get(name).Bounds!, context);
                        }

                        break;
                    case (IntDistribution old, IntDistribution next):
                        Assert.True(next.Min < next.Max, $"inverted: {context}");
                        Assert.True(Parameters.Get(name).Bounds!.Contains(next.Min) && Parameters.Get(name).Bounds!.Contains(next.Max), $"outside limits: {context}");
                        if (best is not null)
                        {
                            var value = (int)best.Hyperparameters.Get(name)!;
                            Assert.InRange(value, next.Min, next.Max);
                        }

                        break;
                    case (CategoricalDistribution old, CategoricalDistribution next):
                        Assert.NotEmpty(next.Choices);
                        Assert.All(next.Choices, c => Assert.Contains(c, old.Choices));
                        Assert.Equal(old.IsFixed, next.IsFixed && old.IsFixed);
                        break;
                    default:
                        Assert.Fail($"distribution kind changed: {context}");
                        break;
                }
            }
        }
    }

    [Fact]
    public void Refine_PerChoice_NarrowsTheLearningRatePerOptimizer()
    {
        // Adam works near 1e-3, SGD with momentum near 0.1: one shared range would keep both decades for both.
        var space = SearchSpace.Parse("""{ "learningRate": { "min": 1e-5, "max": 1, "scale": "log" }, "optimizer": { "values": ["adam", "sgd_momentum"] } }""");
        var trials = new RandomSampler(4).Sample(space, 60)
            .Select((h, i) => new TrialOutcome(i, h, 1 - Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) - (h.Get(Parameters.Optimizer) == "adam" ? -3 : -1))))
            .ToList();

        var result = Refiner.Refine(space, trials);

        var lr = Assert.IsType<PerChoiceDistribution>(result.Space.Parameters["learningRate"]);
        var adam = Assert.IsType<FloatDistribution>(lr.CaseFor("adam"));
        var sgd = Assert.IsType<FloatDistribution>(lr.CaseFor("sgd_momentum"));
        Assert.InRange(1e-3, adam.Min, adam.Max);
        Assert.True(adam.Max < 0.1, adam.ToString());
        Assert.InRange(0.1, sgd.Min, sgd.Max);
        Assert.True(sgd.Min > 1e-3, sgd.ToString());
        Assert.Equal(result.Space, SearchSpace.Parse(result.Space.ToJsonString()));
    }

    [Fact]
    public void Refine_PerChoice_IsOff_WhenTheCategoricalKeepsOneValue()
    {
        var space = SearchSpace.Parse("""{ "learningRate": { "min": 1e-5, "max": 1, "scale": "log" }, "optimizer": { "values": ["adam", "sgd_momentum"] } }""");
        var trials = new RandomSampler(4).Sample(space, 40)
            .Select((h, i) => new TrialOutcome(i, h, h.Get(Parameters.Optimizer) == "adam" ? 0.9 - (0.001 * i) : 0.1))
            .ToList();

        var result = Refiner.Refine(space, trials);

        Assert.Equal(CategoricalDistribution.Fixed("adam"), result.Space.Parameters["optimizer"]);
        Assert.IsType<FloatDistribution>(result.Space.Parameters["learningRate"]);
    }

    [Fact]
    public void Refine_DropsAParameter_ThatCanNoLongerApply()
    {
        // The best trials all use adam: momentum (sgd_momentum only) has nothing left to apply to.
        var space = SearchSpace.Parse("""{ "optimizer": { "values": ["adam", "sgd_momentum"] }, "momentum": { "min": 0.8, "max": 0.99 }, "dropout": { "min": 0, "max": 0.5, "when": { "optimizer": ["adam", "sgd_momentum"] } } }""");
        var trials = new RandomSampler(2).Sample(space, 30)
            .Select((h, i) => new TrialOutcome(i, h, h.Get(Parameters.Optimizer) == "adam" ? 0.9 : 0.2))
            .ToList();

        var result = Refiner.Refine(space, trials);

        Assert.False(result.Space.Parameters.ContainsKey("momentum"));
        Assert.False(result.Changes.ContainsKey("momentum")); // what the stage table shows: no row for a parameter that is gone
        Assert.Equal(result.Space.Names.Order(StringComparer.Ordinal), result.Changes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["adam"], Assert.Single(result.Space.Conditions["dropout"]).Values);
        Assert.All(new RandomSampler(1).Sample(result.Space, 10), t => Assert.False(t.IsActive("momentum")));
    }

    [Fact]
    public void Refine_PerChoiceRange_RefinesEachCase_FromTheTrialsOfItsValue()
    {
        var space = SearchSpace.Parse("""
            { "optimizer": { "values": ["adam", "sgd_momentum"] },
              "learningRate": { "byOptimizer": { "adam": { "min": 1e-5, "max": 1e-1 }, "sgd_momentum": { "min": 1e-3, "max": 1 } } } }
            """);
        var trials = new RandomSampler(8).Sample(space, 60)
            .Select((h, i) => new TrialOutcome(i, h, 1 - Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) - (h.Get(Parameters.Optimizer) == "adam" ? -3 : -1))))
            .ToList();

        var result = Refiner.Refine(space, trials);

        var lr = Assert.IsType<PerChoiceDistribution>(result.Space.Parameters["learningRate"]);
        var adam = (FloatDistribution)lr.CaseFor("adam")!;
        var sgd = (FloatDistribution)lr.CaseFor("sgd_momentum")!;
        Assert.InRange(1e-3, adam.Min, adam.Max);
        Assert.True(adam.Max - adam.Min < 1e-1 - 1e-5);
        Assert.InRange(0.1, sgd.Min, sgd.Max);
        Assert.True(sgd.Max - sgd.Min < 1 - 1e-3);
    }

    private static void CheckEdgeBehaviour(FloatDistribution old, FloatDistribution next, double best, ParameterBounds bounds, string context)
    {
        double T(double v) => old.IsLog ? Math.Log(v) : v;
        var span = T(old.Max) - T(old.Min);
        var atLower = T(best) - T(old.Min) <= 0.1 * span;
        var atUpper = T(old.Max) - T(best) <= 0.1 * span;

        Assert.True(next.Min <= best && best <= next.Max, $"best {best} not covered: {context}");
        if (atLower)
        {
            Assert.True(next.Min < old.Min || old.Min <= bounds.Min + (1e-6 * (bounds.Max - bounds.Min)), $"did not move below: {context}");
        }

        if (atUpper)
        {
            Assert.True(next.Max > old.Max || old.Max >= bounds.Max - (1e-6 * (bounds.Max - bounds.Min)), $"did not move above: {context}");
        }

        if (!atLower && !atUpper)
        {
            Assert.True(next.Min >= old.Min && next.Max <= old.Max, $"grew without an edge: {context}");
            Assert.True(T(next.Max) - T(next.Min) <= (0.8 * span) + 1e-9, $"did not shrink: {context}");
        }
    }

    private static SearchSpace RandomSpace(Random random)
    {
        double LogUniform(double lo, double hi) => Math.Exp(Math.Log(lo) + (random.NextDouble() * (Math.Log(hi) - Math.Log(lo))));
        var lrMin = LogUniform(1e-7, 1);
        var lrMax = Math.Min(10, lrMin * LogUniform(1.01, 1e6));
        var regMin = LogUniform(1e-9, 1);
        var dropMin = random.NextDouble() * 0.8;
        var dropMax = dropMin + (random.NextDouble() * (0.9 - dropMin)) + 1e-3;
        var momentumMin = random.NextDouble() * 0.9;
        var depthMin = random.Next(0, 8);
        var batchMin = random.Next(1, 512);
        var json = $$"""
            {
              "learningRate": { "min": {{lrMin:R}}, "max": {{lrMax:R}} },
              "regularization": { "min": {{regMin:R}}, "max": {{Math.Min(10, regMin * LogUniform(1.5, 1e4)):R}}, "scale": "log" },
              "dropout": { "min": {{dropMin:R}}, "max": {{Math.Min(0.9, dropMax):R}} },
              "momentum": { "min": {{momentumMin:R}}, "max": 0.999 },
              "decayRate": { "min": 0.001, "max": 1 },
              "depth": { "min": {{depthMin}}, "max": {{random.Next(depthMin + 1, 9)}} },
              "batchSize": { "min": {{batchMin}}, "max": {{random.Next(batchMin + 1, 4097)}}, "scale": "log" },
              "activation": { "values": ["relu", "tanh", "elu", "maxout"] },
              "optimizer": "nesterov",
              "learningRateDecay": "exponential"
            }
            """;
        return SearchSpace.Parse(json);
    }
}
