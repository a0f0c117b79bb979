using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace HyperSearch.Storage.Internal;

/// <summary>
/// Every place where the SQL or the transaction handling of the two backends differs, so that
/// <see cref="DapperSearchStore"/> can write each query once. Both dialects stand in this file, side by
/// side: what is not here is the same on both (the two schemas keep the same tables and column names).
/// Standard SQL both accept needs no member: <c>CAST(@p AS integer)</c> types a parameter that may be
/// null, and booleans need nothing (Npgsql binds a bool as boolean, Microsoft.Data.Sqlite as 0/1, and the
/// select lists read either back the same way).
/// </summary>
internal abstract class SqlDialect
{
    public static readonly SqlDialect Postgres = new PostgresDialect();
    public static readonly SqlDialect Sqlite = new SqliteDialect();

    /// <summary>How ids, times and doubles are bound.</summary>
    public abstract SqlValues Values { get; }

    /// <summary>Starts a write of several statements that must see and leave a consistent state.</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>The transaction around a write of one statement; null where the statement alone is enough.</summary>
    public abstract ValueTask<DbTransaction?> BeginStatementAsync(DbConnection connection, CancellationToken ct);

    /// <summary>A parameter holding JSON text, as a value for a JSON column.</summary>
    public abstract string Json(string parameter);

    /// <summary>A number at the top level of a JSON column (null when absent), for ORDER BY.</summary>
    public abstract string JsonNumber(string column, string key);

    /// <summary>"<paramref name="column"/> is one of the values of the list <paramref name="parameter"/>".</summary>
    public abstract string In(string column, string parameter);

    /// <summary>Appended to a SELECT that checks a row the rest of the write transaction relies on.</summary>
    public abstract string ShareLock { get; }

    /// <summary>Appended to a SELECT whose row serialises a decision (PostgreSQL: FOR UPDATE; SQLite: the write lock already does).</summary>
    public abstract string UpdateLock { get; }

    /// <summary>The database's current time, in the form of the schema's timestamp columns.</summary>
    public abstract string Now { get; }

    private sealed class PostgresDialect : SqlDialect
    {
        public override SqlValues Values => SqlValues.Postgres;

        // READ COMMITTED, named rather than left to the server's default: the claim and the stage insert
        // rely on its re-evaluation of a conditional UPDATE / ON CONFLICT against the row committed by
        // the writer they waited for; under REPEATABLE READ they would fail with serialisation errors.
        public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct) =>
            connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

        // One statement is atomic and takes its row locks as it runs: autocommit saves the BEGIN/COMMIT.
        public override ValueTask<DbTransaction?> BeginStatementAsync(DbConnection connection, CancellationToken ct) =>
            ValueTask.FromResult<DbTransaction?>(null);

        // Npgsql sends a string as text, which PostgreSQL does not cast to jsonb implicitly.
        public override string Json(string parameter) => $"{parameter}::jsonb";

        public override string JsonNumber(string column, string key) => $"({column}->>'{key}')::double precision";

        // Npgsql binds a .NET array as one PostgreSQL array parameter (Dapper does not expand it here).
        public override string In(string column, string parameter) => $"{column} = ANY({parameter})";

        // Conflicts with the UPDATE of a re-claim or a cancel, but not with another share lock.
        public override string ShareLock => "FOR SHARE";

        public override string UpdateLock => "FOR UPDATE";

        public override string Now => "now()";
    }

    private sealed class SqliteDialect : SqlDialect
    {
        public override SqlValues Values => SqlValues.Sqlite;

        // BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy timeout), not at the first
        // write: one writer at a time makes read-then-write atomic, and a transaction that has read can
        // never fail at its first write because another writer committed in between (a stale WAL snapshot).
        public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            return ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));
        }

        // A lone UPDATE reads before it writes too, so it gets the same up-front write lock.
        public override async ValueTask<DbTransaction?> BeginStatementAsync(DbConnection connection, CancellationToken ct) =>
            await BeginWriteAsync(connection, ct);

        // JSON is TEXT.
        public override string Json(string parameter) => parameter;

        public override string JsonNumber(string column, string key) => $"json_extract({column}, '$.{key}')";

        // Dapper expands the list into (@p1, @p2, …).
        public override string In(string column, string parameter) => $"{column} IN {parameter}";

        // Row locks do not exist: BEGIN IMMEDIATE already keeps every other writer out.
        public override string ShareLock => "";

        public override string UpdateLock => "";

        // %f is seconds with milliseconds: three zeros give the six digits SqlValues writes, so these
        // timestamps have the same width as the others and text order stays time order.
        public override string Now => "strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')";
    }
}
