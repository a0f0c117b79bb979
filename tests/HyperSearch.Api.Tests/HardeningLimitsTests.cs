using System.Net;
using HyperSearch.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSearch.Api.Tests;

/// <summary>Issue 12, bounded work: the active-search limit under concurrent submissions, and cancel as one transaction.</summary>
public abstract class HardeningLimitsTests : InputBackendTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private ISearchStore Store => App.Services.GetRequiredService<ISearchStore>();

    [Fact]
    public async Task ConcurrentSubmissions_CannotTogetherPassTheActiveSearchLimit()
    {
        for (var i = 0; i < 18; i++)
        {
            await Api.CreateSearchAsync(Specs.Random(trials: 1, epochs: 1));
        }

        // Two places left, eight submissions at once.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Api.Http.PostAsync(
            "/api/searches", new StringContent(Specs.Random(trials: 1, epochs: 1), System.Text.Encoding.UTF8, "application/json"))));

        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        foreach (var refused in answers.Where(a => a.StatusCode != HttpStatusCode.Created))
        {
            await AssertProblemNamingAsync(refused, "searches");
        }

        Assert.Equal(20, (await Store.ListActiveSearchesAsync(None)).Count);
    }

    [Fact]
    public async Task ASecondCancel_FinishesAHalfDoneOne()
    {
        var id = Guid.Parse(await Api.CreateSearchAsync(Specs.Random(trials: 3, epochs: 1)));
        // A cancel that died after moving the search: its trials are still queued.
        await Store.TransitionSearchAsync(id, [SearchStatus.Queued], SearchStatus.Cancelled, null, DateTimeOffset.UtcNow, None);

        var (status, body, _) = await Api.PostAsync($"/api/searches/{id}/cancel", "{}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("cancelled", body!["status"]!.GetValue<string>());
        Assert.All(await Store.GetStageTrialsAsync(id, 1, None), t => Assert.Equal(TrialStatus.Cancelled, t.Status));
    }
}

public sealed class SqliteHardeningLimitsTests : HardeningLimitsTests;

public sealed class PostgresHardeningLimitsTests : HardeningLimitsTests
{
    protected override bool UsePostgres => true;
}
