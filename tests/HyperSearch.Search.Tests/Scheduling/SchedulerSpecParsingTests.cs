using System.Text.Json;
using HyperSearch.Search.Scheduling;

namespace HyperSearch.Search.Tests.Scheduling;

public class SchedulerSpecParsingTests
{
    private static SearchSpaceException Reject(string json, int? defaultMaxEpochs = null) =>
        Assert.Throws<SearchSpaceException>(() => defaultMaxEpochs is { } d ? SchedulerSpec.Parse(json, d) : SchedulerSpec.Parse(json));

    private static string Message(SearchSpaceException e, string key)
    {
        Assert.True(e.Errors.ContainsKey(key), $"expected an error at {key}; got {string.Join(", ", e.Errors.Keys)}");
        return string.Join(" ", e.Errors[key]);
    }

    [Fact]
    public void Parse_Asha_ReadsEveryField()
    {
        var spec = SchedulerSpec.Parse("""{ "kind": "asha", "minEpochs": 2, "maxEpochs": 54, "reduction": 3 }""");

        var asha = Assert.IsType<AshaSpec>(spec);
        Assert.Equal((SchedulerKinds.Asha, 2, 54, 3), (asha.Kind, asha.MinEpochs, asha.MaxEpochs, asha.Reduction));
        Assert.Equal([2, 6, 18, 54], asha.Rungs.Milestones);
    }

    [Fact]
    public void Parse_Asha_ReadsTheEpochBudget_AndLeavesItNullWhenAbsent()
    {
        var budgeted = Assert.IsType<AshaSpec>(SchedulerSpec.Parse("""{ "kind": "asha", "maxEpochs": 27, "epochBudget": 208 }"""));
        var unlimited = Assert.IsType<AshaSpec>(SchedulerSpec.Parse("""{ "kind": "asha", "maxEpochs": 27 }"""));

        Assert.Equal(208, budgeted.EpochBudget);
        Assert.Null(unlimited.EpochBudget);
        Assert.Equal(AshaSpec.Create(1, 27, 3, epochBudget: 208), budgeted);
        Assert.Equal(budgeted, unlimited.WithEpochBudget(208));
        Assert.NotEqual(budgeted, unlimited);
        Assert.Equal("scheduler.epochBudget", Assert.Single(Assert.Throws<SearchSpaceException>(() => unlimited.WithEpochBudget(0)).Errors.Keys));
    }

    [Fact]
    public void Parse_Asha_DefaultsMinEpochsAndReduction()
    {
        var asha = Assert.IsType<AshaSpec>(SchedulerSpec.Parse("""{ "kind": "asha", "maxEpochs": 9 }"""));

        Assert.Equal(AshaSpec.Create(1, 9, 3), asha);
    }

    [Fact]
    public void Parse_Asha_TakesMaxEpochsFromTheStage_WhenLeftOut()
    {
        var defaulted = SchedulerSpec.Parse("""{ "kind": "asha" }""", defaultMaxEpochs: 10);
        var explicitMax = SchedulerSpec.Parse("""{ "kind": "asha", "maxEpochs": 27 }""", defaultMaxEpochs: 10);

        Assert.Equal(AshaSpec.Create(1, 10, 3), defaulted);
        Assert.Equal(AshaSpec.Create(1, 27, 3), explicitMax);
    }

    [Fact]
    public void Parse_AcceptsIntegralNumbersWrittenWithAFraction()
    {
        var spec = SchedulerSpec.Parse("""{ "kind": "asha", "minEpochs": 1.0, "maxEpochs": 2.7e1, "reduction": 3 }""");

        Assert.Equal(AshaSpec.Create(1, 27, 3), spec);
    }

    [Fact]
    public void Parse_Median_ReadsFieldsAndDefaults()
    {
        var given = SchedulerSpec.Parse("""{ "kind": "median", "warmupEpochs": 3, "minTrials": 8 }""");
        var defaults = SchedulerSpec.Parse("""{ "kind": "median" }""");

        Assert.Equal(MedianStoppingSpec.Create(3, 8), given);
        var median = Assert.IsType<MedianStoppingSpec>(defaults);
        Assert.Equal((SchedulerKinds.Median, 1, 5), (median.Kind, median.WarmupEpochs, median.MinTrials));
        Assert.Equal(MedianStoppingSpec.Default, median);
    }

    [Fact]
    public void Parse_None_IsTheNoSchedulerSpec()
    {
        var spec = SchedulerSpec.Parse("""{ "kind": "none" }""", defaultMaxEpochs: 5);

        Assert.Same(SchedulerSpec.None, spec);
        Assert.IsType<NoSchedulerSpec>(spec);
        Assert.Equal(SchedulerKinds.None, spec.Kind);
    }

    // Rungs (min … max by η) → the least budget on which a trial can reach the top, against a brute-force
    // count of synchronous halving: η^(Top−k) trials train rung k's increment.
    [Theory]
    [InlineData(1, 9, 3, 21)]      // 9·1 + 3·2 + 1·6
    [InlineData(1, 27, 3, 81)]     // 27 + 9·2 + 3·6 + 1·18
    [InlineData(1, 10, 3, 64)]     // rungs 1, 3, 9, 10: 27 + 9·2 + 3·6 + 1·1
    [InlineData(2, 10, 2, 34)]     // rungs 2, 4, 8, 10: 8·2 + 4·2 + 2·4 + 1·2
    [InlineData(5, 5, 3, 5)]       // one rung: one configuration
    public void EpochsToReachTop_IsSynchronousHalvingsCostOfEnoughConfigurations(int min, int max, int reduction, long expected)
    {
        var asha = AshaSpec.Create(min, max, reduction);
        var milestones = asha.Rungs.Milestones;
        long bruteForce = 0;
        for (int k = 0; k < milestones.Count; k++)
        {
            long trials = (long)Math.Pow(reduction, milestones.Count - 1 - k);
            bruteForce += trials * (milestones[k] - (k == 0 ? 0 : milestones[k - 1]));
        }

        Assert.Equal(bruteForce, asha.EpochsToReachTop);
        Assert.Equal(expected, asha.EpochsToReachTop);
        Assert.Equal((int)expected, AshaSpec.Create(min, max, reduction, epochBudget: (int)expected).EpochBudget);
        Assert.Throws<SearchSpaceException>(() => AshaSpec.Create(min, max, reduction, epochBudget: (int)expected - 1));
    }

    [Theory]
    [InlineData("""{ "kind": "none" }""", """{"kind":"none"}""")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 27 }""", """{"kind":"asha","minEpochs":1,"maxEpochs":27,"reduction":3}""")]
    [InlineData("""{ "reduction": 4, "kind": "asha", "maxEpochs": 64, "minEpochs": 4 }""", """{"kind":"asha","minEpochs":4,"maxEpochs":64,"reduction":4}""")]
    [InlineData("""{ "kind": "median" }""", """{"kind":"median","warmupEpochs":1,"minTrials":5}""")]
    [InlineData("""{ "epochBudget": 208, "kind": "asha", "maxEpochs": 27 }""", """{"kind":"asha","minEpochs":1,"maxEpochs":27,"reduction":3,"epochBudget":208}""")]
    public void ToJsonString_IsCanonical_AndRoundTrips(string json, string canonical)
    {
        var spec = SchedulerSpec.Parse(json);

        var text = spec.ToJsonString();

        Assert.Equal(canonical, text);
        Assert.Equal(spec, SchedulerSpec.Parse(text));
        Assert.Equal(spec.GetHashCode(), SchedulerSpec.Parse(text).GetHashCode());
    }

    [Fact]
    public void Specs_AreEqual_ByValue()
    {
        Assert.Equal(AshaSpec.Create(1, 27, 3), AshaSpec.Create(1, 27, 3));
        Assert.NotEqual(AshaSpec.Create(1, 27, 3), AshaSpec.Create(1, 27, 2));
        Assert.NotEqual<SchedulerSpec>(SchedulerSpec.None, MedianStoppingSpec.Default);
    }

    [Fact]
    public void Parse_AcceptsAJsonElement_AndPrefixesKeysWithThePath()
    {
        using var document = JsonDocument.Parse("""{ "kind": "asha", "minEpochs": 0 }""");

        var e = Assert.Throws<SearchSpaceException>(() => SchedulerSpec.Parse(document.RootElement, 9, "refine.scheduler"));

        Assert.Equal(["refine.scheduler.minEpochs"], e.Errors.Keys);
    }

    [Theory]
    [InlineData("\"asha\"", "scheduler", "must be a JSON object")]
    [InlineData("null", "scheduler", "(got null)")]
    [InlineData("[]", "scheduler", "(got an array)")]
    [InlineData("""{ "kind": """, "scheduler", "Malformed JSON")]
    [InlineData("{}", "scheduler.kind", "kind is required; one of none, asha, median")]
    [InlineData("""{ "kind": 3 }""", "scheduler.kind", "kind must be a string")]
    [InlineData("""{ "kind": null }""", "scheduler.kind", "(got null)")]
    [InlineData("""{ "kind": "hyperband" }""", "scheduler.kind", "Unknown scheduler kind \"hyperband\"; known kinds: none, asha, median")]
    [InlineData("""{ "kind": "ASHA" }""", "scheduler.kind", "Unknown scheduler kind")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "grace": 1 }""", "scheduler.grace", "Unknown key \"grace\" for scheduler kind asha (expected minEpochs, maxEpochs, reduction, epochBudget)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "MinEpochs": 2 }""", "scheduler.MinEpochs", "did you mean \"minEpochs\"")]
    [InlineData("""{ "kind": "median", "reduction": 3 }""", "scheduler.reduction", "expected warmupEpochs, minTrials")]
    [InlineData("""{ "kind": "none", "maxEpochs": 3 }""", "scheduler.maxEpochs", "it takes no other keys")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "maxEpochs": 10 }""", "scheduler.maxEpochs", "given more than once")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "minEpochs": 1.5 }""", "scheduler.minEpochs", "must be an integer (got 1.5)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": "9" }""", "scheduler.maxEpochs", "must be an integer (got the string \"9\")")]
    [InlineData("""{ "kind": "asha", "maxEpochs": [9] }""", "scheduler.maxEpochs", "must be an integer (got an array)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "reduction": null }""", "scheduler.reduction", "got null; leave reduction out for the default of 3")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "reduction": true }""", "scheduler.reduction", "must be an integer (got true")]
    [InlineData("""{ "kind": "asha", "maxEpochs": null }""", "scheduler.maxEpochs", "must be an integer (got null)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "minEpochs": 0 }""", "scheduler.minEpochs", "minEpochs must be between 1 and 1000 (got 0)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "minEpochs": -3 }""", "scheduler.minEpochs", "(got -3)")]
    [InlineData("""{ "kind": "asha", "minEpochs": 10, "maxEpochs": 9 }""", "scheduler.minEpochs", "minEpochs (10) must not exceed maxEpochs (9)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "reduction": 1 }""", "scheduler.reduction", "between 2 and 100 (got 1): each rung keeps 1/reduction")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "reduction": 101 }""", "scheduler.reduction", "between 2 and 100 (got 101)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 1001 }""", "scheduler.maxEpochs", "maxEpochs must be between 1 and 1000 (got 1001)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "epochBudget": 0 }""", "scheduler.epochBudget", "epochBudget must be between 1 and 20000000 (got 0)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "epochBudget": 1e30 }""", "scheduler.epochBudget", "between 1 and 20000000 (got 1e30)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "epochBudget": 20.5 }""", "scheduler.epochBudget", "must be an integer (got 20.5)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "epochBudget": null }""", "scheduler.epochBudget", "got null; leave epochBudget out for no limit")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "epochBudget": "50" }""", "scheduler.epochBudget", "must be an integer (got the string")]
    [InlineData("""{ "kind": "asha", "minEpochs": 3, "maxEpochs": 9, "epochBudget": 2 }""", "scheduler.epochBudget", "epochBudget (2) is less than minEpochs (3): no configuration could train its first rung")]
    [InlineData("""{ "kind": "median", "epochBudget": 20 }""", "scheduler.epochBudget", "Unknown key \"epochBudget\" for scheduler kind median")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 27, "epochBudget": 72 }""", "scheduler.epochBudget", "epochBudget (72) can never train a configuration to maxEpochs (27): each rung promotes the top 1/3 of the trials that finished it, so reaching 27 epochs from 1 takes at least 81 epochs")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "epochBudget": 20 }""", "scheduler.epochBudget", "takes at least 21 epochs")]
    [InlineData("""{ "kind": "asha", "minEpochs": 2, "maxEpochs": 10, "reduction": 2, "epochBudget": 33 }""", "scheduler.epochBudget", "from 2 takes at least 34 epochs")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 0 }""", "scheduler.maxEpochs", "(got 0)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 1e20 }""", "scheduler.maxEpochs", "between 1 and 1000 (got 1e20)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 1e400 }""", "scheduler.maxEpochs", "(got 1e400)")]
    [InlineData("""{ "kind": "asha", "maxEpochs": 9, "minEpochs": 99999999999 }""", "scheduler.minEpochs", "between 1 and 1000 (got 99999999999)")]
    [InlineData("""{ "kind": "asha" }""", "scheduler.maxEpochs", "maxEpochs is required for asha")]
    [InlineData("""{ "kind": "asha", "minEpochs": 2 }""", "scheduler.maxEpochs", "maxEpochs is required")]
    [InlineData("""{ "kind": "median", "warmupEpochs": -1 }""", "scheduler.warmupEpochs", "warmupEpochs must be between 0 and 1000 (got -1)")]
    [InlineData("""{ "kind": "median", "warmupEpochs": 1001 }""", "scheduler.warmupEpochs", "(got 1001)")]
    [InlineData("""{ "kind": "median", "warmupEpochs": "1" }""", "scheduler.warmupEpochs", "must be an integer")]
    [InlineData("""{ "kind": "median", "warmupEpochs": 0.5 }""", "scheduler.warmupEpochs", "must be an integer (got 0.5)")]
    [InlineData("""{ "kind": "median", "minTrials": 0 }""", "scheduler.minTrials", "between 1 and 1000 (got 0): the median of no other trials is undefined")]
    [InlineData("""{ "kind": "median", "minTrials": 1001 }""", "scheduler.minTrials", "(got 1001)")]
    [InlineData("""{ "kind": "median", "minTrials": null }""", "scheduler.minTrials", "leave minTrials out for the default of 5")]
    [InlineData("""{ "kind": "median", "minTrials": {} }""", "scheduler.minTrials", "(got an object")]
    public void Parse_Rejects_NamingTheField(string json, string key, string fragment)
    {
        var e = Reject(json);

        Assert.Contains(fragment, Message(e, key), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MinEpochsAboveTheStagesEpochs_SaysMaxEpochsWasDefaulted()
    {
        var e = Reject("""{ "kind": "asha", "minEpochs": 5 }""", defaultMaxEpochs: 3);

        Assert.Contains("defaults to the stage's 3 epochs", Message(e, "scheduler.minEpochs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CollectsEveryError_InOneException()
    {
        var e = Reject("""{ "kind": "asha", "minEpochs": 0, "maxEpochs": 2000, "reduction": 1, "extra": true }""");

        Assert.Equal(
            ["scheduler.extra", "scheduler.maxEpochs", "scheduler.minEpochs", "scheduler.reduction"],
            e.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_ChecksNothingElse_WhenTheKindIsUnknown()
    {
        // Which keys are valid depends on the kind; listing them all as unknown would only add noise.
        var e = Reject("""{ "kind": "pbt", "minEpochs": 0, "perturbation": 0.2 }""");

        Assert.Equal(["scheduler.kind"], e.Errors.Keys);
    }

    [Fact]
    public void Parse_RejectsAnOutOfRangeStageDefault_AsACallerBug()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SchedulerSpec.Parse("""{ "kind": "asha" }""", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SchedulerSpec.Parse("""{ "kind": "none" }""", 1001));
    }

    [Theory]
    [InlineData(0, 9, 3, "scheduler.minEpochs")]
    [InlineData(10, 9, 3, "scheduler.minEpochs")]
    [InlineData(1, 1001, 3, "scheduler.maxEpochs")]
    [InlineData(1, 9, 1, "scheduler.reduction")]
    [InlineData(1, 9, 101, "scheduler.reduction")]
    public void AshaCreate_ValidatesLikeTheParser(int min, int max, int reduction, string key)
    {
        var e = Assert.Throws<SearchSpaceException>(() => AshaSpec.Create(min, max, reduction));

        Assert.Equal([key], e.Errors.Keys);
    }

    [Fact]
    public void MedianCreate_ValidatesLikeTheParser()
    {
        var e = Assert.Throws<SearchSpaceException>(() => MedianStoppingSpec.Create(-1, 0, path: "s"));

        Assert.Equal(["s.minTrials", "s.warmupEpochs"], e.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
