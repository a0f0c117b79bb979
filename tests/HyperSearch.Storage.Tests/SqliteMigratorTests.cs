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

    [Fact]
    public async Task Migration0003_UpgradesAnExistingDatabase_KeepingEpochs_AndWidensTheStatusCheck()
    {
        // A database as 0001–0002 left it, with a trial and its epoch (foreign keys on, as in production).
        var cs = $"Data Source={Path.Combine(sqlite.Directory, "upgrade.db")}";
        var names = DatabaseMigrator.ScriptNames("sqlite");
        await using (var conn = new SqliteConnection(cs))
        {
            await conn.OpenAsync();
            foreach (var file in new[] { "0001_initial.sql", "0002_dataset_tombstones.sql" })
            {
                await ExecAsync(conn, await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "migrations", "sqlite", file)));
            }

            await ExecAsync(conn, $$"""
                CREATE TABLE SchemaVersions (SchemaVersionID INTEGER CONSTRAINT PK_SchemaVersions PRIMARY KEY AUTOINCREMENT NOT NULL, ScriptName TEXT NOT NULL, Applied DATETIME NOT NULL);
                INSERT INTO SchemaVersions (ScriptName, Applied) VALUES ('{{names[0]}}', '2026-11-27'), ('{{names[1]}}', '2026-11-27');
                INSERT INTO searches (id, name, strategy, status, spec, seed, dataset, overfit_gap, stage_count, created_at)
                    VALUES ('s', 'n', 'random', 'running', '{}', 1, 'spiral', 0.1, 1, 't');
                INSERT INTO stages VALUES ('s', 1, '{}', 1, 1, 't');
                INSERT INTO trials (id, search_id, stage, idx, status, hyperparameters, seed, epochs, created_at) VALUES ('t', 's', 1, 0, 'running', '{}', 1, 1, 't');
                INSERT INTO trial_epochs VALUES ('t', 1, 1, 0.5, 1, 0.5, 0.01, 1);
                """);
        }

        DatabaseMigrator.MigrateSqlite(cs);

        await using var after = new SqliteConnection(cs);
        await after.OpenAsync();
        Assert.Equal(1L, await ScalarAsync<long>(after, "SELECT count(*) FROM trial_epochs WHERE trial_id = 't'"));
        await ExecAsync(after, "UPDATE trials SET status = 'pruned', epochs_trained = 1 WHERE id = 't'");
        await Assert.ThrowsAsync<SqliteException>(() => ExecAsync(after, "UPDATE trials SET status = 'bogus' WHERE id = 't'"));
        Assert.Equal("ok", await ScalarAsync<string>(after, "PRAGMA integrity_check"));
    }

    private static async Task ExecAsync(SqliteConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HyperSearch.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("HyperSearch.sln not found above the test directory.");
    }

    private static async Task<T> ScalarAsync<T>(System.Data.Common.DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
