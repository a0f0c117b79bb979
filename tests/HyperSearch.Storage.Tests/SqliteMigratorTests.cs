using Microsoft.Data.Sqlite;

namespace HyperSearch.Storage.Tests;

/// <summary>Migrations on SQLite (no server needed).</summary>
public sealed class SqliteMigratorTests(SqliteFixture sqlite) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task MigrateSqlite_Twice_IsHarmless_CreatesTheDirectory_AndUsesWal()
    {
        var path = Path.Combine(sqlite.Directory, "nested", "deeper", "hs.db");
        var cs = $"Data Source={path}";

        DatabaseMigrator.MigrateSqlite(cs);
        DatabaseMigrator.MigrateSqlite(cs);

        Assert.True(File.Exists(path));
        await using var conn = new SqliteConnection(cs);
        await conn.OpenAsync();
        Assert.Equal("wal", await ScalarAsync<string>(conn, "PRAGMA journal_mode"));
        Assert.Equal(DatabaseMigrator.ScriptNames("sqlite").Count, await ScalarAsync<long>(conn, "SELECT count(*) FROM SchemaVersions"));
        Assert.True(await new SqliteSearchStore(cs).PingAsync(CancellationToken.None));
    }

    private static async Task<T> ScalarAsync<T>(System.Data.Common.DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
