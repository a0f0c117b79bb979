using System.Text.Json.Nodes;

namespace HyperSearch.Storage.Tests;

/// <summary>Builders for store records; times are whole milliseconds (stores keep microseconds).</summary>
internal static class TestData
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public const string Spec = """{"name":"fmnist lr/reg","seed":42,"strategy":"random","trials":3,"space":{"learningRate":{"min":0.0001,"max":0.1,"scale":"log"}}}""";
    public const string Space = """{"learningRate":{"min":0.0001,"max":0.1,"scale":"log"},"hiddenLayers":{"values":[[256],[512,256]]}}""";

    public static SearchRecord Search(DateTimeOffset? createdAt = null, string name = "search", SearchStatus status = SearchStatus.Queued, Guid? comparisonId = null, string strategy = "random") =>
        new(Guid.NewGuid(), name, strategy, status, Spec, 42, "spiral", 0.1, 2, comparisonId, createdAt ?? T0);

    public static StageRecord Stage(SearchRecord search, int stage = 1, int trials = 3) =>
        new(search.Id, stage, Space, trials, 2, search.CreatedAt.AddSeconds(stage));

    public static TrialRecord Trial(SearchRecord search, int stage, int index, DateTimeOffset? createdAt = null) =>
        new(Guid.NewGuid(), search.Id, stage, index, TrialStatus.Queued,
            $$"""{"learningRate":{{0.001 * (index + 1)}},"hiddenLayers":[256],"activation":"relu","batchNorm":true}""",
            1000 + index, 2, createdAt ?? search.CreatedAt.AddMilliseconds(index));

    public static List<TrialRecord> Trials(SearchRecord search, int stage, int count) =>
        Enumerable.Range(0, count).Select(i => Trial(search, stage, i)).ToList();

    public static TrialOutcome Outcome(double train = 0.9, double validation = 0.8, TrialStatus status = TrialStatus.Completed) =>
        new(status, train, validation, train - validation, train - validation > 0.1, 0.3, 0.5, 2.302585, 12.5, null);

    public static EpochRecord Epoch(Guid trialId, int epoch) =>
        new(trialId, epoch, 1.0 / epoch, 0.5 + (0.1 * epoch), 1.2 / epoch, 0.45 + (0.1 * epoch), 0.01, 3.25);

    public static List<LayerDiagnosticRecord> Layers(Guid trialId, int epoch, int count = 2) =>
        Enumerable.Range(0, count).Select(l => new LayerDiagnosticRecord(trialId, epoch, l, 0.1 * l, 0.9, 0.05, 0.01, 1e-3)).ToList();

    public static void AssertJsonEqual(string expected, string? actual)
    {
        Assert.NotNull(actual);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"JSON differs:\n{expected}\n{actual}");
    }
}
