using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace HyperSearch.Storage;

/// <summary>Which database errors say the statement itself is wrong (so repeating it cannot help), on either backend.</summary>
public static class StoreErrors
{
    // SQLITE_ERROR (1), SQLITE_CONSTRAINT (19), SQLITE_MISMATCH (20), SQLITE_RANGE (25).
    private static readonly HashSet<int> SqliteStatementErrors = [1, 19, 20, 25];

    /// <summary>
    /// True for a constraint violation, a data error or a statement the database refuses (PostgreSQL
    /// SQLSTATE classes 22, 23 and 42; SQLite's ERROR, CONSTRAINT, MISMATCH and RANGE codes): the same
    /// call fails the same way every time. False for everything else (a lost connection, a busy database,
    /// a server shutting down), which may succeed when tried again.
    /// </summary>
    public static bool IsPermanent(DbException ex) => ex switch
    {
        PostgresException pg => pg.SqlState.StartsWith("22", StringComparison.Ordinal) || pg.SqlState.StartsWith("23", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("42", StringComparison.Ordinal),
        SqliteException sqlite => SqliteStatementErrors.Contains(sqlite.SqliteErrorCode),
        _ => false,
    };
}
