using Npgsql;

namespace HyperSearch.Storage.Tests;

/// <summary>
/// The list reads of several searches make no round trip for no ids: a store whose database cannot be
/// reached still answers them (a list view of an empty page costs nothing).
/// </summary>
public sealed class EmptyIdListTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Sqlite_AnswersNoIds_WithoutOpeningTheDatabase()
    {
        var missing = Path.Combine(Path.GetTempPath(), "hs-missing-" + Guid.NewGuid().ToString("N"), "none.db");
        var store = new SqliteSearchStore($"Data Source={missing}");

        Assert.False(await store.PingAsync(Ct)); // the directory does not exist: every real query fails
        Assert.Empty(await store.GetStagesAsync([], Ct));
        Assert.Empty(await store.GetStatusCountsAsync([], Ct));
    }

    [Fact]
    public async Task Postgres_AnswersNoIds_WithoutConnecting()
    {
        // Port 1 on the loopback: nothing listens, so a connection attempt fails at once.
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=none;Password=none;Database=none;Timeout=2");
        var store = new PostgresSearchStore(dataSource);

        Assert.False(await store.PingAsync(Ct));
        Assert.Empty(await store.GetStagesAsync([], Ct));
        Assert.Empty(await store.GetStatusCountsAsync([], Ct));
    }
}
