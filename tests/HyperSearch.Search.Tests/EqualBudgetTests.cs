namespace HyperSearch.Search.Tests;

public class EqualBudgetTests
{
    [Theory]
    [InlineData(9, 9, new[] { 3, 3 })]
    [InlineData(10, 10, new[] { 5, 2 })]
    [InlineData(20, 20, new[] { 5, 4 })]
    [InlineData(7, 7, new[] { 7, 1 })]
    [InlineData(1, 1, new[] { 1, 1 })]
    [InlineData(100, 100, new[] { 10, 10 })]
    public void ForGrid_TwoRanges_LargestBalancedProductWithinBudget(int budget, long size, int[] points)
    {
        var allocation = EqualBudget.ForGrid(Spaces.LearningRateAndRegularization, budget);

        Assert.Equal(size, allocation.Size);
        Assert.Equal(points, new[] { allocation.PointsPerParameter[Parameters.LearningRate.Name], allocation.PointsPerParameter[Parameters.Regularization.Name] });
        Assert.Equal(size, allocation.CreateSampler().Size(Spaces.LearningRateAndRegularization));
        Assert.Equal((int)size, allocation.CreateSampler().Sample(Spaces.LearningRateAndRegularization, budget).Count);
    }

    [Fact]
    public void ForGrid_ListsContributeAllTheirValues()
    {
        // Issue 6's space: the lists alone make 2·6·3·2·2·2 = 288 combinations, leaving 16 = 4 × 4 for the ranges.
        var allocation = EqualBudget.ForGrid(Spaces.Issue6, 288 * 16);

        Assert.Equal(288 * 16, allocation.Size);
        Assert.Equal(4, allocation.PointsPerParameter[Parameters.LearningRate.Name]);
        Assert.Equal(4, allocation.PointsPerParameter[Parameters.Regularization.Name]);
        Assert.Equal(allocation.Size, allocation.CreateSampler().Size(Spaces.Issue6));
    }

    [Fact]
    public void ForGrid_ListsOverTheBudget_SaySoClearly()
    {
        var e = Assert.Throws<SearchSpaceException>(() => EqualBudget.ForGrid(Spaces.Issue6, 100));

        var message = Assert.Single(e.Errors["budget"]);
        Assert.Contains("288 combinations", message, StringComparison.Ordinal);
        Assert.Contains("activation 6", message, StringComparison.Ordinal);
        Assert.Contains("one point per range", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForGrid_IntegerRanges_NeverGetMorePointsThanIntegers()
    {
        var space = SearchSpace.Parse("""{ "learningRate": { "min": 1e-4, "max": 1e-1 }, "maxoutPieces": { "min": 2, "max": 4 }, "activation": "maxout" }""");

        var allocation = EqualBudget.ForGrid(space, 30);

        Assert.Equal(30, allocation.Size);
        Assert.Equal(3, allocation.PointsPerParameter[Parameters.MaxoutPieces.Name]);
        Assert.Equal(10, allocation.PointsPerParameter[Parameters.LearningRate.Name]);
        Assert.Equal(30, allocation.CreateSampler().Sample(space, 100).Distinct().Count());
    }

    [Fact]
    public void ForGrid_RespectsTheGridLimit()
    {
        var allocation = EqualBudget.ForGrid(Spaces.LearningRateAndRegularization, 50_000, maxGridSize: 10_000);

        Assert.Equal(10_000, allocation.Size);
    }

    [Fact]
    public void ForGrid_IsExactForEveryBudget_OnAMixedSpace()
    {
        // Exhaustive check against brute force: sizes are the largest achievable ≤ budget.
        var space = SearchSpace.Parse("""
            { "learningRate": { "min": 1e-4, "max": 1e-1 }, "dropout": { "min": 0, "max": 0.5 }, "depth": { "min": 1, "max": 3 }, "batchNorm": { "values": [true, false] } }
            """);
        for (var budget = 2; budget <= 120; budget++)
        {
            var allocation = EqualBudget.ForGrid(space, budget);

            var bruteForce = 0L;
            for (var a = 1; a <= budget; a++)
            {
                for (var b = 1; b <= budget; b++)
                {
                    for (var c = 1; c <= 3; c++)
                    {
                        var size = 2L * a * b * c;
                        if (size <= budget)
                        {
                            bruteForce = Math.Max(bruteForce, size);
                        }
                    }
                }
            }

            Assert.Equal(bruteForce, allocation.Size);
            Assert.Equal(allocation.Size, allocation.CreateSampler().Size(space));
        }
    }

    [Fact]
    public void ForGrid_ManyRanges_IsFast()
    {
        var json = "{" + string.Join(",", new[] { "learningRate", "regularization", "dropout", "momentum", "decayRate", "labelSmoothing" }
            .Select(n => $"\"{n}\": {{ \"min\": 0.1, \"max\": 0.5 }}")) + ", \"depth\": { \"min\": 1, \"max\": 8 }, \"width\": { \"min\": 1, \"max\": 4096, \"scale\": \"log\" }"
            + ", \"batchSize\": { \"min\": 16, \"max\": 512, \"scale\": \"log\" }, \"maxoutPieces\": { \"min\": 2, \"max\": 4 }, \"activation\": \"maxout\", \"learningRateDecay\": \"step\" }";

        var started = System.Diagnostics.Stopwatch.StartNew();
        var allocation = EqualBudget.ForGrid(SearchSpace.Parse(json), 10_000);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"took {started.Elapsed}");
        Assert.Equal(10, allocation.PointsPerParameter.Count);
        Assert.Equal(10_000, allocation.Size);
        // 10 000 = 2^4 · 5^4 needs a 5 somewhere; the most balanced split uses nothing larger.
        Assert.Equal(5, allocation.PointsPerParameter.Values.Max());
    }
}
