using HyperSearch.Search.Tpe;

namespace HyperSearch.Search.Tests.Tpe;

/// <summary>
/// The point of TPE (issue 11's "done when"): on a toy objective with a known optimum it gets closer in
/// the same number of trials than random search, over many seeds, beyond chance.
/// </summary>
public class TpeBeatsRandomTests
{
    private const int Seeds = 50;
    private const int Budget = 60;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Tpe_FindsTheToyOptimum_InFewerTrialsThanRandom(bool multivariate)
    {
        var space = TpeRuns.ToySpace;
        var tpeRegret = new double[Seeds];
        var randomRegret = new double[Seeds];
        for (var seed = 0; seed < Seeds; seed++)
        {
            var sampler = new TpeSampler(seed, new TpeOptions(Multivariate: multivariate));
            tpeRegret[seed] = 1 - TpeRuns.Sequential(sampler, space, Budget, TpeRuns.Toy).Max(TpeRuns.Toy);
            randomRegret[seed] = 1 - new RandomSampler(seed).Sample(space, Budget).Max(TpeRuns.Toy);
        }

        // Paired by seed (the first 10 trials are the same random draws): a one-sided sign test.
        var wins = tpeRegret.Zip(randomRegret).Count(p => p.First < p.Second);
        var losses = tpeRegret.Zip(randomRegret).Count(p => p.First > p.Second);
        var p = SignTestPValue(wins, wins + losses);
        var summary = $"TPE median regret {Median(tpeRegret):F4} vs random {Median(randomRegret):F4}; TPE better on {wins}, worse on {losses} of {Seeds} seeds; p = {p:G3}";

        Assert.True(Median(tpeRegret) < Median(randomRegret) / 2, summary);
        Assert.True(p < 0.01, summary);
    }

    // P(X ≥ wins) for X ~ Binomial(n, ½).
    private static double SignTestPValue(int wins, int n)
    {
        var p = 0.0;
        for (var k = wins; k <= n; k++)
        {
            p += Math.Exp(LogChoose(n, k) - (n * Math.Log(2)));
        }

        return p;

        static double LogChoose(int n, int k) => Enumerable.Range(1, k).Sum(i => Math.Log(n - k + i) - Math.Log(i));
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return 0.5 * (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]);
    }
}
