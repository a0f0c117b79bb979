using HyperSearch.Search.Importance;
using HyperSearch.Search.Tests.Tpe;
using HyperSearch.Search.Tpe;

namespace HyperSearch.Search.Tests.Importance;

public class ParameterImportanceTests
{
    private static readonly SearchSpace Space = SearchSpace.Parse("""
        {
          "learningRate":   { "min": 1e-6, "max": 1, "scale": "log" },
          "regularization": { "min": 1e-6, "max": 1e-2, "scale": "log" },
          "batchSize":      { "min": 16, "max": 256, "scale": "log" },
          "activation":     { "values": ["relu", "elu", "tanh", "sigmoid"] },
          "batchNorm":      { "values": [true, false] },
          "dropout":        { "min": 0, "max": 0.5 },
          "optimizer":      "adam"
        }
        """);

    // Only the learning rate matters (peak at 10^-3), plus a little deterministic noise.
    private static double LearningRateOnly(Hyperparameters h) =>
        -Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) + 3) + (0.01 * Math.Sin(1e4 * h.Get(Parameters.Dropout)));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OnlyTheLearningRateMatters_ItGetsMostOfTheShare(long seed)
    {
        var trials = TpeRuns.RandomHistory(Space, 300, seed, LearningRateOnly);

        var shares = ParameterImportance.Compute(Space, trials);

        Assert.Equal(Parameters.LearningRate.Name, shares[0].Name);
        Assert.True(shares[0].Share > 0.8, string.Join(", ", shares.Select(s => $"{s.Name} {s.Share:F3} ({s.Divergence:F3})")));
    }

    [Fact]
    public void Shares_AreNonNegative_SumToOne_AndCoverEveryVariedParameter()
    {
        var trials = TpeRuns.RandomHistory(Space, 120, 4, h => h.Get(Parameters.Activation) == "relu" ? 0.9 : 0.3 + h.Get(Parameters.Dropout));

        var shares = ParameterImportance.Compute(Space, trials);

        // optimizer is fixed: not varied, no share.
        Assert.Equal(Space.Names.Where(n => n != Parameters.Optimizer.Name).Order(), shares.Select(s => s.Name).Order());
        Assert.All(shares, s => Assert.True(s.Share >= 0));
        Assert.Equal(1.0, shares.Sum(s => s.Share), 12);
        Assert.True(shares.Zip(shares.Skip(1)).All(p => p.First.Share >= p.Second.Share));
        Assert.Equal(Parameters.Activation.Name, shares[0].Name);
    }

    [Fact]
    public void Compute_IsDeterministic()
    {
        var trials = TpeRuns.RandomHistory(Space, 200, 5, LearningRateOnly);

        Assert.Equal(ParameterImportance.Compute(Space, trials), ParameterImportance.Compute(Space, trials));
    }

    [Fact]
    public void InactiveValues_AreLeftOut()
    {
        // momentum is inactive under adam: its stored values there (all 0.99, as if they mattered) are noise.
        var space = SearchSpace.Parse("""{ "optimizer": { "values": ["sgd_momentum", "adam"] }, "momentum": { "min": 0.5, "max": 0.99 }, "learningRate": { "min": 1e-6, "max": 1, "scale": "log" } }""");
        var trials = TpeRuns.RandomHistory(space, 300, 6, LearningRateOnly);
        var withNoise = trials.Select(o => o.Parameters.Get(Parameters.Optimizer) == "adam"
            ? o with { Parameters = o.Parameters.With(Parameters.Momentum, 0.99) }
            : o).ToList();

        Assert.Equal(ParameterImportance.Compute(space, trials), ParameterImportance.Compute(space, withNoise));
    }

    [Fact]
    public void InactiveWidth_OfNetworksWithoutHiddenLayers_IsLeftOut()
    {
        // width is null for depth 0: nothing to compare there, and no crash.
        var space = SearchSpace.Parse("""{ "depth": { "min": 0, "max": 3 }, "width": { "min": 16, "max": 512, "scale": "log" } }""");
        var trials = TpeRuns.RandomHistory(space, 100, 7, h => -Math.Abs(h.Get(Parameters.HiddenLayers).Count - 2));

        var shares = ParameterImportance.Compute(space, trials);

        Assert.Equal(Parameters.Depth.Name, shares[0].Name);
        Assert.Equal(1.0, shares.Sum(s => s.Share), 12);
    }

    [Fact]
    public void FailedTrials_AreNeverTop_AndEdgeCasesGiveEqualOrNoShares()
    {
        var trials = TpeRuns.RandomHistory(Space, 50, 8, LearningRateOnly);
        var allFailed = trials.Select(o => o with { State = TrialState.Failed }).ToList();

        Assert.Empty(ParameterImportance.Compute(Space, allFailed));
        Assert.Empty(ParameterImportance.Compute(Space, []));
        Assert.Empty(ParameterImportance.Compute(SearchSpace.Empty, trials));

        // Every trial identical: the top looks like all, every divergence is 0, the shares are equal.
        var same = Enumerable.Repeat(trials[0], 20).ToList();
        Assert.All(ParameterImportance.Compute(Space, same), s => Assert.Equal(1.0 / 6, s.Share, 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParameterImportance.Compute(Space, trials, 0));
    }
}
