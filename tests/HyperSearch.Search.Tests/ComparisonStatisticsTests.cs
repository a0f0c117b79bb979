namespace HyperSearch.Search.Tests;

public class ComparisonStatisticsTests
{
    private static TrialOutcome Trial(int index, double? accuracy, double learningRate = 0.01, int batchSize = 128) =>
        new(index, Hyperparameters.Default.With(Parameters.LearningRate, learningRate).With(Parameters.BatchSize, batchSize), accuracy);

    [Fact]
    public void Compute_BestSoFar_IsMonotone_AndSkipsFailedTrials()
    {
        TrialOutcome[] trials = [Trial(0, null), Trial(1, 0.4), Trial(2, 0.3), Trial(3, null), Trial(4, 0.6), Trial(5, 0.5)];

        var stats = ComparisonStatistics.Compute(trials);

        Assert.Equal([null, 0.4, 0.4, 0.4, 0.6, 0.6], stats.BestSoFar.Select(p => p.BestSoFar));
        Assert.Equal([1, 2, 3, 4, 5, 6], stats.BestSoFar.Select(p => p.TrialNumber));
        Assert.Equal(0.6, stats.FinalBest);
        Assert.Equal(4, stats.BestTrialIndex);
        Assert.Equal(6, stats.TrialCount);
        Assert.Equal(4, stats.SucceededCount);
    }

    [Fact]
    public void Compute_OrdersByIndex_WhateverTheInputOrder()
    {
        TrialOutcome[] trials = [Trial(7, 0.2), Trial(3, 0.5), Trial(5, 0.1)];

        var stats = ComparisonStatistics.Compute(trials);

        Assert.Equal([3, 5, 7], stats.BestSoFar.Select(p => p.Index));
        Assert.Equal([0.5, 0.5, 0.5], stats.BestSoFar.Select(p => p.BestSoFar));
    }

    [Theory]
    [InlineData(0.35, 2)]
    [InlineData(0.4, 2)]
    [InlineData(0.6, 5)]
    [InlineData(0.61, null)]
    public void Compute_TrialsToTarget_CountsTrialsUntilTheBestReachesIt(double target, int? expected)
    {
        TrialOutcome[] trials = [Trial(0, null), Trial(1, 0.4), Trial(2, 0.3), Trial(3, null), Trial(4, 0.6)];

        Assert.Equal(expected, ComparisonStatistics.Compute(trials, target).TrialsToTarget);
    }

    [Fact]
    public void Compute_DistinctValues_CountEveryTriedValue_IncludingFailedTrials()
    {
        TrialOutcome[] trials = [Trial(0, 0.1, 0.01, 64), Trial(1, null, 0.02, 64), Trial(2, 0.3, 0.01, 128)];

        var stats = ComparisonStatistics.Compute(trials);

        Assert.Equal(2, stats.DistinctValues[Parameters.LearningRate.Name]);
        Assert.Equal(2, stats.DistinctValues[Parameters.BatchSize.Name]);
        Assert.Equal(1, stats.DistinctValues[Parameters.HiddenLayers.Name]);
        Assert.Equal(Parameters.Names.Order(), stats.DistinctValues.Keys.Order());
    }

    [Fact]
    public void Compute_NoTrials_IsEmpty()
    {
        var stats = ComparisonStatistics.Compute([], 0.5);

        Assert.Empty(stats.BestSoFar);
        Assert.Null(stats.FinalBest);
        Assert.Null(stats.BestTrialIndex);
        Assert.Null(stats.TrialsToTarget);
    }
}
