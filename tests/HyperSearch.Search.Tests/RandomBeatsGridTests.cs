namespace HyperSearch.Search.Tests;

/// <summary>
/// CS231n lecture 6 / Bergstra and Bengio (2012): with the same budget, when only one parameter
/// matters, random search tries many more values of it than a grid does.
/// </summary>
public class RandomBeatsGridTests
{
    // Only the learning rate matters: accuracy peaks at lr = 10^-2.7 and ignores regularisation.
    private static double Objective(Hyperparameters h) => 1 - Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) + 2.7) / 4;

    private static List<TrialOutcome> Run(ISampler sampler, SearchSpace space, int budget) =>
        sampler.Sample(space, budget).Select((h, i) => new TrialOutcome(i, h, Objective(h))).ToList();

    [Fact]
    public void SameBudget_RandomTriesMoreDistinctLearningRates_ThanGrid()
    {
        var space = Spaces.LearningRateAndRegularization;
        const int budget = 9;
        var grid = EqualBudget.ForGrid(space, budget).CreateSampler();

        var gridStats = ComparisonStatistics.Compute(Run(grid, space, budget));
        var randomStats = ComparisonStatistics.Compute(Run(new RandomSampler(42), space, budget));

        Assert.Equal(9, gridStats.TrialCount);
        Assert.Equal(9, randomStats.TrialCount);
        Assert.Equal(3, gridStats.DistinctValues[Parameters.LearningRate.Name]);
        Assert.Equal(9, randomStats.DistinctValues[Parameters.LearningRate.Name]);
        Assert.Equal(9, ComparisonStatistics.Compute(Run(new SobolSampler(42), space, budget)).DistinctValues[Parameters.LearningRate.Name]);
    }

    [Fact]
    public void SameBudget_RandomUsuallyFindsABetterLearningRate_ThanGrid()
    {
        var space = Spaces.LearningRateAndRegularization;
        var gridBest = ComparisonStatistics.Compute(Run(EqualBudget.ForGrid(space, 9).CreateSampler(), space, 9)).FinalBest!.Value;

        // Over many seeds, random's best (nine learning rates) beats the grid's (three) most of the time.
        var wins = Enumerable.Range(0, 200)
            .Count(seed => ComparisonStatistics.Compute(Run(new RandomSampler(seed), space, 9)).FinalBest > gridBest);

        Assert.True(wins > 140, $"random beat the grid in only {wins} of 200 seeds");
    }
}
