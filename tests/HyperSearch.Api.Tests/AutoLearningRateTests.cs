using System.Net;
using System.Text;

namespace HyperSearch.Api.Tests;

/// <summary>
/// "learningRate": "auto": at Start the range test on stage 1's first architecture replaces stage 1's
/// placeholder range (1e-6 … 10) with its suggestion, and every planned trial's learning rate moves into it.
/// </summary>
public abstract class AutoLearningRateTests : BackendTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task GridSearch_TakesItsStageOneRangeFromTheRangeTest_AndRunsInsideIt()
    {
        var spec = """
            { "name": "spiral auto lr", "seed": 5, "dataset": { "name": "spiral" },
              "strategy": "grid", "gridPoints": 3, "epochs": 5,
              "space": { "learningRate": "auto", "hiddenLayers": [32], "batchSize": 32 },
              "refine": { "stages": 2, "topK": 2, "gridPoints": 2, "epochs": 5 } }
            """;

        var id = await Api.CreateSearchAsync(spec);
        var search = await Api.WaitForSearchAsync(id, Timeout);

        Assert.Equal("completed", search["status"]!.GetValue<string>());
        Assert.Equal("auto", search["spec"]!["space"]!["learningRate"]!.GetValue<string>());
        var range = search["stages"]![0]!["space"]!["learningRate"]!;
        double min = range["min"]!.GetValue<double>(), max = range["max"]!.GetValue<double>();
        Assert.Equal("log", range["scale"]!.GetValue<string>());
        Assert.True(min >= 1e-7 && max <= 10 && max > min, range.ToJsonString());
        Assert.False(min == 1e-6 && max == 10, "stage 1 still has the placeholder range");
        var stageOne = (await Api.TrialsAsync(id, "&stage=1")).Select(t => t!["hyperparameters"]!["learningRate"]!.GetValue<double>()).Order().ToList();
        Assert.Equal(3, stageOne.Count);
        Assert.Equal(min, stageOne[0], 9);
        Assert.Equal(Math.Sqrt(min * max), stageOne[1], 9);
        Assert.Equal(max, stageOne[2], 9);
        Assert.NotNull(search["sanityChecks"]);
        Assert.Equal(2, search["stages"]!.AsArray().Count);
    }
}

public sealed class SqliteAutoLearningRateTests : AutoLearningRateTests;

public sealed class PostgresAutoLearningRateTests : AutoLearningRateTests
{
    protected override bool UsePostgres => true;
}

/// <summary>"auto" at submit: accepted for learningRate only (bare), planned over the placeholder until Start.</summary>
public sealed class AutoLearningRateInputTests : InputBackendTests
{
    [Fact]
    public async Task Submit_PlansStageOneOverThePlaceholder_UntilStartRuns()
    {
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 3, epochs: 2, space: """{ "learningRate": "auto", "hiddenLayers": [16] }"""));

        var search = await Api.SearchAsync(id);

        var range = search["stages"]![0]!["space"]!["learningRate"]!;
        Assert.Equal(1e-6, range["min"]!.GetValue<double>());
        Assert.Equal(10, range["max"]!.GetValue<double>());
        Assert.Equal("queued", search["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{ "regularization": "auto" }""", "space.regularization")]
    [InlineData("""{ "learningRate": "automatic" }""", "space.learningRate")]
    [InlineData("""{ "learningRate": { "values": ["auto"] } }""", "space.learningRate.values[0]")]
    public async Task AutoElsewhere_Is400_NamingTheField(string space, string field)
    {
        var response = await Api.Http.PostAsync("/api/searches", new StringContent(Specs.Random(trials: 2, epochs: 2, space: space), Encoding.UTF8, "application/json"));

        await AssertProblemNamingAsync(response, field);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
