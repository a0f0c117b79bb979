using System.Data.Common;
using Dapper;
using HyperSearch.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace HyperSearch.Storage;

/// <summary>
/// The SQLite store, the embedded default: one process, several Hangfire workers writing concurrently.
/// The file runs in WAL mode (readers never block the writer); every write is a short
/// <c>BEGIN IMMEDIATE</c> transaction, which takes the write lock up front, so a read-then-write never
/// fails on a stale snapshot, and waits up to <see cref="BusyTimeoutMs"/> for a concurrent writer.
/// One writer at a time makes the conditional claim/complete updates atomic. Schema: migrations/sqlite.
/// Ids are lower-case TEXT uuids and timestamps fixed-width UTC ISO-8601 TEXT (text order = time order).
/// The queries are <see cref="DapperSearchStore"/>'s; this class opens the connections and picks
/// <see cref="SqlDialect.Sqlite"/>.
/// </summary>
public sealed class SqliteSearchStore : DapperSearchStore
{
    /// <summary>How long a write waits for another connection's write lock.</summary>
    public const int BusyTimeoutMs = 10_000;

    private readonly string _connectionString;
    private int _walChecked;

    static SqliteSearchStore() => DapperTypeHandlers.EnsureRegistered();

    /// <param name="connectionString">A file database, e.g. <c>Data Source=data/hypersearch.db</c>
    /// (in-memory databases are not supported: every operation opens its own pooled connection).</param>
    public SqliteSearchStore(string connectionString)
        : base(SqlDialect.Sqlite)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override string Provider => "sqlite";

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var conn = new SqliteConnection(_connectionString);
        try
        {
            await conn.OpenAsync(ct);
            // Per connection: BEGIN IMMEDIATE waits this long for another connection's write lock.
            var pragmas = $"PRAGMA busy_timeout = {BusyTimeoutMs};";
            if (Interlocked.Exchange(ref _walChecked, 1) == 0)
            {
                // Persistent in the file; the migrator sets it too. NORMAL is durable enough with WAL.
                pragmas += "PRAGMA journal_mode = WAL;";
            }

            await conn.ExecuteAsync(new CommandDefinition(pragmas + "PRAGMA synchronous = NORMAL;", cancellationToken: ct));
            return conn;
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }
}
