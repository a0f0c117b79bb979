using HyperSearch.Search.Scheduling;

namespace HyperSearch.Search.Tests.Scheduling;

public class SchedulerCompatibilityTests
{
    public static TheoryData<string, string> EveryStrategyAndKind()
    {
        var data = new TheoryData<string, string>();
        foreach (var strategy in Samplers.All)
        {
            foreach (var kind in SchedulerKinds.All)
            {
                data.Add(strategy, kind);
            }
        }

        return data;
    }

    private static SchedulerSpec Spec(string kind) => SchedulerSpec.Parse($$"""{ "kind": "{{kind}}" }""", defaultMaxEpochs: 27);

    [Theory]
    [MemberData(nameof(EveryStrategyAndKind))]
    public void EnsureCompatible_AcceptsEveryStrategy_WithEveryScheduler(string strategy, string kind)
    {
        var spec = Spec(kind);

        var error = Record.Exception(() => spec.EnsureCompatible(strategy, trialsPerStage: 100));

        Assert.Null(error);
    }

    [Fact]
    public void EnsureCompatible_RejectsAnUnknownStrategy_UnderTheStrategyKey()
    {
        var e = Assert.Throws<SearchSpaceException>(() => SchedulerSpec.None.EnsureCompatible("bayes", 10));

        Assert.Equal(["strategy"], e.Errors.Keys);
    }

    [Fact]
    public void EnsureCompatible_RejectsAsha_WhenTheStageHasFewerTrialsThanTheReduction()
    {
        var asha = AshaSpec.Create(1, 27, 3);

        var e = Assert.Throws<SearchSpaceException>(() => asha.EnsureCompatible(Samplers.Grid, 2));

        Assert.Contains("would promote no trial past minEpochs", string.Join(" ", e.Errors["scheduler.reduction"]), StringComparison.Ordinal);
        asha.EnsureCompatible(Samplers.Grid, 3);
    }

    [Fact]
    public void EnsureCompatible_AcceptsASingleRungAsha_WithAnyStage()
    {
        AshaSpec.Create(5, 5, 3).EnsureCompatible(Samplers.Random, 1);
    }

    [Fact]
    public void EnsureCompatible_RejectsMedian_WhenTheStageCannotHaveMinTrialsOthers()
    {
        var median = MedianStoppingSpec.Create(1, 5);

        var five = Assert.Throws<SearchSpaceException>(() => median.EnsureCompatible(Samplers.Sobol, 5, "refine.scheduler"));
        var one = Assert.Throws<SearchSpaceException>(() => median.EnsureCompatible(Samplers.Sobol, 1));

        Assert.Contains("at most 4", string.Join(" ", five.Errors["refine.scheduler.minTrials"]), StringComparison.Ordinal);
        Assert.Contains("Leave the scheduler out", string.Join(" ", one.Errors["scheduler.minTrials"]), StringComparison.Ordinal);
        median.EnsureCompatible(Samplers.Sobol, 6);
    }

    [Fact]
    public void EnsureCompatible_AcceptsNone_WithAnyStage()
    {
        SchedulerSpec.None.EnsureCompatible(Samplers.Grid, 0);
    }
}
