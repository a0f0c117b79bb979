namespace HyperSearch.Api.Tests;

/// <summary>
/// Issue 12, bounded work: /health shows the dataset cache's bytes against its budget
/// (HyperSearch:DatasetCacheBytes), and a running trial holds its prepared copy (never evicted while it
/// trains); once the trial ends, the copy past the budget is evicted. SQLite and PostgreSQL.
/// </summary>
public abstract class HardeningDatasetCacheTests : BackendTests
{
    // Smaller than spiral's prepared copy: the copy only stays while a trial holds it.
    private const long Budget = 4096;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["HyperSearch:DatasetCacheBytes"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task Health_ShowsTheBudget_ARunningTrialHoldsItsCopy_AndItIsEvictedOnceTheTrialEnds()
    {
        var idle = (await Api.GetAsync("/health"))["datasetCache"]!;
        Assert.Equal(Budget, idle["budgetBytes"]!.GetValue<long>());
        Assert.Equal(0, idle["heldEntries"]!.GetValue<int>());

        // Long enough to be running throughout (cancelled below): a wide net in small batches.
        var id = await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1000, space: """{ "hiddenLayers": [256, 256], "batchSize": 8 }"""));
        var held = await Eventually.WaitAsync(
            async () => (await Api.GetAsync("/health"))["datasetCache"]!,
            c => c["heldEntries"]!.GetValue<int>() == 1 && c["bytesInUse"]!.GetValue<long>() > 0, // held and built
            TimeSpan.FromSeconds(60),
            "the running trial to hold its prepared copy");
        Assert.True(held["bytesInUse"]!.GetValue<long>() > Budget, held.ToJsonString());
        Assert.Equal(1, held["preparedEntries"]!.GetValue<int>());

        // Not a build in flight (a build holds its entry too): a second later, as the trial trains on, it is still held, with no rebuild.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var still = (await Api.GetAsync("/health"))["datasetCache"]!;
        Assert.True(still["heldEntries"]!.GetValue<int>() == 1 && still["builds"]!.GetValue<long>() == held["builds"]!.GetValue<long>(), $"{held.ToJsonString()} then {still.ToJsonString()}");
        Assert.Equal("running", (await Api.SearchAsync(id))["status"]!.GetValue<string>());

        Assert.Equal(System.Net.HttpStatusCode.OK, (await Api.Http.PostAsync($"/api/searches/{id}/cancel", null)).StatusCode);
        var after = await Eventually.WaitAsync(
            async () => (await Api.GetAsync("/health"))["datasetCache"]!,
            c => c["heldEntries"]!.GetValue<int>() == 0 && c["preparedEntries"]!.GetValue<int>() == 0,
            TimeSpan.FromSeconds(60),
            "the cancelled trial's copy to be evicted");
        Assert.True(after["bytesInUse"]!.GetValue<long>() <= Budget, after.ToJsonString());
        Assert.True(after["evictions"]!.GetValue<long>() >= 1, after.ToJsonString());
    }
}

public sealed class SqliteHardeningDatasetCacheTests : HardeningDatasetCacheTests;

public sealed class PostgresHardeningDatasetCacheTests : HardeningDatasetCacheTests
{
    protected override bool UsePostgres => true;
}
