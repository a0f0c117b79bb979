using System.Reflection;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HyperSearch.Storage;

/// <summary>
/// Applies migrations/postgres/*.sql or migrations/sqlite/*.sql (embedded in this assembly as
/// <c>postgres.&lt;file&gt;.sql</c> / <c>sqlite.&lt;file&gt;.sql</c>) in file-name order with DbUp. DbUp journals
/// every applied script (table <c>schemaversions</c>), so running again applies only new scripts.
/// Scripts are never edited once shipped: change the schema with a new, higher-numbered script.
/// </summary>
public static class DatabaseMigrator
{
    // pg_advisory_lock key: API and worker processes starting together migrate one at a time.
    private const long PostgresLockKey = 0x4879_7065_7253_6561; // "HyperSea"

    private static readonly Assembly Scripts = typeof(DatabaseMigrator).Assembly;

    /// <summary>Names of the embedded scripts for a provider ("postgres" or "sqlite"), in the order they run.</summary>
    public static IReadOnlyList<string> ScriptNames(string provider) =>
        Scripts.GetManifestResourceNames()
            .Where(n => n.StartsWith(provider + ".", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Migrates the PostgreSQL database the connection string names (it must exist).</summary>
    /// <exception cref="DatabaseMigrationException">The server is unreachable or a script failed.</exception>
    public static void MigratePostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection? lockConnection = null;
        try
        {
            // Unpooled: the session-level lock must end with this connection, not linger in an idle pooled one.
            lockConnection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
            lockConnection.Open();
            using (var cmd = new NpgsqlCommand($"SELECT pg_advisory_lock({PostgresLockKey})", lockConnection))
            {
                cmd.ExecuteNonQuery();
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            lockConnection?.Dispose();
            throw new DatabaseMigrationException(
                $"Cannot connect to PostgreSQL at {builder.Host}:{builder.Port} (database '{builder.Database}'): {ex.Message}", null, ex);
        }

        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(Scripts, name => name.StartsWith("postgres.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .LogToNowhere()
                .Build();
            Check(upgrader.PerformUpgrade(), "PostgreSQL");
        }
        finally
        {
            try
            {
                using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({PostgresLockKey})", lockConnection);
                unlock.ExecuteNonQuery();
            }
            catch (NpgsqlException)
            {
                // The session ends below, which releases the lock anyway.
            }
            finally
            {
                lockConnection.Dispose();
            }
        }
    }

    /// <summary>Migrates (creating when missing) the SQLite file the connection string names, creating its
    /// directory, and switches it to WAL journal mode.</summary>
    /// <exception cref="DatabaseMigrationException">A script failed.</exception>
    public static void MigrateSqlite(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            throw new ArgumentException("The SQLite store needs a file database (Data Source=path).", nameof(connectionString));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using (var conn = new SqliteConnection(connectionString))
        {
            conn.Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"PRAGMA busy_timeout = {SqliteSearchStore.BusyTimeoutMs}; PRAGMA journal_mode = WAL;";
            cmd.ExecuteNonQuery();
        }

        var upgrader = DeployChanges.To
            .SqliteDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(Scripts, name => name.StartsWith("sqlite.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
        Check(upgrader.PerformUpgrade(), "SQLite");
    }

    private static void Check(DatabaseUpgradeResult result, string provider)
    {
        if (result.Successful)
        {
            return;
        }

        var script = result.ErrorScript?.Name;
        var message = script is null
            ? $"{provider} migration failed: {result.Error?.Message}"
            : $"{provider} migration script '{script}' failed: {result.Error?.Message}";
        throw new DatabaseMigrationException(message, script, result.Error);
    }
}
