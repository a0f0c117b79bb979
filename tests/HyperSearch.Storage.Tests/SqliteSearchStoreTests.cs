using System.Globalization;
using Microsoft.Data.Sqlite;

namespace HyperSearch.Storage.Tests;

/// <summary>The store contract on SQLite: a migrated temp file for the class, emptied before each test.</summary>
public sealed class SqliteSearchStoreTests(SqliteFixture fixture) : SearchStoreContract, IClassFixture<SqliteFixture>
{
    protected override string ExpectedProvider => "sqlite";

    protected override async Task<ISearchStore> CreateStoreAsync()
    {
        await fixture.ResetAsync();
        return new SqliteSearchStore(fixture.ConnectionString);
    }

    protected override Task DeleteStoreAsync() => Task.CompletedTask;

    [Fact]
    public async Task TryRemoveDataset_StampsDeletedAt_InTheFixedWidthTimeFormat()
    {
        await Store.TryAddDatasetAsync(new DatasetRecord(Guid.NewGuid(), "gone", "label", 3, 2, 2, 1, TestData.T0, [1]), CancellationToken.None);
        Assert.True(await Store.TryRemoveDatasetAsync("gone", CancellationToken.None));

        await using var conn = new SqliteConnection(fixture.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT deleted_at FROM datasets WHERE name = 'gone'";
        var text = (string)(await cmd.ExecuteScalarAsync())!;

        // The width of every other timestamp the store writes, so that text order is time order.
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$", text);
        var deletedAt = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(deletedAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }
}
