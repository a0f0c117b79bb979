using HyperSearch.Search.Tpe;

namespace HyperSearch.Search.Tests.Tpe;

/// <summary>
/// <see cref="SamplerContract"/>'s facts restated for a sampler that proposes one trial at a time from
/// results: limits and types for every kind, determinism, prefix-stable replays, random start-up.
/// </summary>
public class TpeSamplerContractTests
{
    public static TheoryData<string, bool> Spaces_ => new()
    {
        { Spaces.MixedJson, false },
        { Spaces.MixedJson, true },
        { Spaces.Issue6Json, false },
        { TpeRuns.ReferenceJson, true },
        { """{ "learningRate": { "min": 1e-7, "max": 10 }, "batchSize": { "min": 1, "max": 4096, "scale": "log" }, "maxoutPieces": { "min": 2, "max": 4 }, "decayRate": { "min": 0.5, "max": 1 }, "activation": "maxout", "learningRateDecay": "step" }""", false },
        { """{ "learningRate": { "min": 1e-7, "max": 10 }, "batchSize": { "min": 1, "max": 4096, "scale": "log" }, "maxoutPieces": { "min": 2, "max": 4 }, "decayRate": { "min": 0.5, "max": 1 }, "activation": "maxout", "learningRateDecay": "step" }""", true },
        { """{ "batchSize": { "min": 16, "max": 20 }, "depth": { "min": 0, "max": 3 }, "width": { "min": 8, "max": 64 } }""", true },
    };

    // An objective that uses every kind of value, so the model has something to learn on each dimension.
    private static double Objective(Hyperparameters h) =>
        -Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) + 3) - (0.001 * h.Get(Parameters.BatchSize)) - h.Get(Parameters.HiddenLayers).Count
        + (h.Get(Parameters.BatchNorm) ? 0.5 : 0) + (h.Get(Parameters.Activation) == "relu" ? 0.5 : 0) - h.Get(Parameters.Dropout);

    [Theory]
    [MemberData(nameof(Spaces_))]
    public void Propose_StaysInsideTheSpace_AndRespectsTypes(string json, bool multivariate)
    {
        var space = SearchSpace.Parse(json);

        var trials = TpeRuns.Sequential(new TpeSampler(3, new TpeOptions(StartupTrials: 5, Multivariate: multivariate)), space, 80, Objective);

        foreach (var trial in trials)
        {
            foreach (var name in space.Names)
            {
                var value = trial.Get(name);
                switch (space.Parameters[name])
                {
                    case FloatDistribution range:
                        Assert.InRange(Assert.IsType<double>(value), range.Min, range.Max);
                        break;
                    case IntDistribution range when name != Parameters.Width.Name || trial.Get(Parameters.HiddenLayers).Count > 0:
                        Assert.InRange(Assert.IsType<int>(value), range.Min, range.Max);
                        break;
                    case CategoricalDistribution list:
                        Assert.Contains(list.Choices, c => ValueComparer.Instance.Equals(c, value));
                        break;
                }
            }
        }
    }

    [Fact]
    public void Propose_IsDeterministic_ForASeed()
    {
        var first = TpeRuns.Sequential(new TpeSampler(42), Spaces.Mixed, 40, Objective);
        var second = TpeRuns.Sequential(new TpeSampler(42), Spaces.Mixed, 40, Objective);
        var multivariate = TpeRuns.Sequential(new TpeSampler(42, new TpeOptions(Multivariate: true)), Spaces.Mixed, 40, Objective);
        var multivariateAgain = TpeRuns.Sequential(new TpeSampler(42, new TpeOptions(Multivariate: true)), Spaces.Mixed, 40, Objective);

        Assert.Equal(first, second);
        Assert.Equal(multivariate, multivariateAgain);
    }

    [Fact]
    public void Propose_DiffersBetweenSeeds()
    {
        var a = TpeRuns.Sequential(new TpeSampler(1), Spaces.Mixed, 30, Objective);
        var b = TpeRuns.Sequential(new TpeSampler(2), Spaces.Mixed, 30, Objective);

        // After start-up too, not only in the random draws.
        Assert.NotEqual(a.Skip(10).Select(h => h.Get(Parameters.LearningRate)), b.Skip(10).Select(h => h.Get(Parameters.LearningRate)));
    }

    [Fact]
    public void Replay_WithTheSameResultOrder_GivesTheSameSequence_AndAShorterRunIsAPrefix()
    {
        // A stage re-derived after a crash replays the stored results in the order they arrived.
        var longer = TpeRuns.Sequential(new TpeSampler(7), Spaces.Mixed, 45, Objective);
        var shorter = TpeRuns.Sequential(new TpeSampler(7), Spaces.Mixed, 25, Objective);

        Assert.Equal(longer.Take(25), shorter);

        // And each proposal is a function of its inputs alone: re-proposing trial 30 from the first 30 results gives it again.
        var history = longer.Take(30).Select(h => new TpeObservation(h, TrialState.Complete, Objective(h))).ToList();
        Assert.Equal(longer[30], new TpeSampler(7).Propose(Spaces.Mixed, history, [], 30));
    }

    [Fact]
    public void Propose_DependsOnTheOrderOfResults()
    {
        // "Deterministic for a given order of results": a different order is a different history (weights are by age).
        var history = TpeRuns.RandomHistory(Spaces.Mixed, 60, 5, Objective);
        var reversed = Enumerable.Reverse(history).ToList();
        var sampler = new TpeSampler(11);

        var forward = Enumerable.Range(60, 10).Select(i => sampler.Propose(Spaces.Mixed, history, [], i)).ToList();
        var backward = Enumerable.Range(60, 10).Select(i => sampler.Propose(Spaces.Mixed, reversed, [], i)).ToList();

        Assert.Equal(forward, Enumerable.Range(60, 10).Select(i => sampler.Propose(Spaces.Mixed, history, [], i)));
        Assert.NotEqual(forward, backward);
    }

    [Fact]
    public void StartupTrials_AreTheRandomSamplersDraws()
    {
        var random = new RandomSampler(9).Sample(Spaces.Mixed, 10);
        var sampler = new TpeSampler(9);
        var history = new List<TpeObservation>();

        for (var i = 0; i < 10; i++)
        {
            // Pending trials do not count as finished: start-up still draws at random.
            var trial = sampler.Propose(Spaces.Mixed, history, random.Take(i).ToList(), i);
            Assert.Equal(random[i], trial);
            history.Add(new TpeObservation(trial, i % 3 == 0 ? TrialState.Failed : TrialState.Complete, Objective(trial)));
        }

        // The eleventh is the model's, not the random sampler's next draw.
        Assert.NotEqual(new RandomSampler(9).Sample(Spaces.Mixed, 11)[10], sampler.Propose(Spaces.Mixed, history, [], 10));
    }

    [Fact]
    public void Propose_FixedParameters_AreAlwaysThatValue_AndEmptySpace_GivesTheDefaults()
    {
        var trials = TpeRuns.Sequential(new TpeSampler(9), Spaces.Mixed, 30, Objective);

        Assert.All(trials, t => Assert.Equal(0.95, t.Get(Parameters.Momentum)));
        Assert.All(trials, t => Assert.Equal("nesterov", t.Get(Parameters.Optimizer)));
        Assert.All(trials, t => Assert.Single(t.Get(Parameters.HiddenLayers).Distinct()));
        Assert.All(TpeRuns.Sequential(new TpeSampler(1), SearchSpace.Empty, 15, _ => 0.5), t => Assert.Equal(Hyperparameters.Default, t));
    }

    [Fact]
    public void Propose_RejectsBadArguments()
    {
        var sampler = new TpeSampler(1);

        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Propose(Spaces.Mixed, [], [], -1));
        Assert.Throws<ArgumentNullException>(() => sampler.Propose(Spaces.Mixed, null!, [], 0));
        var error = Assert.Throws<SearchSpaceException>(() => new TpeSampler(1, new TpeOptions(Candidates: 0, PriorWeight: -1)));
        Assert.Contains("tpe.candidates", error.Errors.Keys);
        Assert.Contains("tpe.priorWeight", error.Errors.Keys);
    }
}
