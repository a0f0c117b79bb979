using Microsoft.Data.Sqlite;

namespace HyperSearch.Storage.Tests;

/// <summary>
/// A temporary directory and one migrated SQLite file for a test class (deleted afterwards). Tests of a
/// class run one at a time: <see cref="ResetAsync"/> empties every table so each starts from an empty store.
/// </summary>
public sealed class SqliteFixture : IDisposable
{
    public SqliteFixture()
    {
        ConnectionString = NewConnectionString();
        DatabaseMigrator.MigrateSqlite(ConnectionString);
    }

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "hs-sqlite-" + Guid.NewGuid().ToString("N"));

    /// <summary>The class database (migrated).</summary>
    public string ConnectionString { get; }

    /// <summary>A connection string for a new, not yet created, database file in the class directory.</summary>
    public string NewConnectionString() =>
        $"Data Source={Path.Combine(Directory, Guid.NewGuid().ToString("N") + ".db")}";

    /// <summary>Empties every table except the migration journal.</summary>
    public async Task ResetAsync()
    {
        await using var conn = new SqliteConnection(ConnectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = conn.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'SchemaVersions'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        await using var delete = conn.CreateCommand();
        delete.CommandText = "PRAGMA foreign_keys = OFF; BEGIN IMMEDIATE;"
            + string.Concat(tables.Select(t => $"DELETE FROM \"{t}\";"))
            + "COMMIT; PRAGMA foreign_keys = ON;";
        await delete.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans its temp directory anyway.
        }
    }
}
