using System.Data.Common;
using HyperSearch.Service.Execution;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HyperSearch.Api.Tests;

/// <summary>
/// StoreRetry repeats a write through an outage, but not one the database refused as wrong: a constraint
/// violation retried for its whole budget only delays the failure that has to come (and kept a trial
/// "running" for minutes).
/// </summary>
public sealed class StoreRetryTests
{
    private static readonly StoreRetry Retry = new(TimeSpan.FromSeconds(2), TimeProvider.System, NullLogger.Instance);

    public static TheoryData<string> Permanent => ["sqlite constraint", "sqlite error", "postgres check", "postgres syntax", "postgres data"];

    [Theory]
    [MemberData(nameof(Permanent))]
    public async Task AStatementTheDatabaseRefused_IsNotRetried(string kind)
    {
        var calls = 0;
        var error = Error(kind);

        var thrown = await Assert.ThrowsAnyAsync<DbException>(() => Retry.RunAsync<bool>("write", _ => { calls++; throw error; }, CancellationToken.None));

        Assert.Same(error, thrown);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task ALostConnectionOrABusyDatabase_IsRetried_UntilItAnswers()
    {
        var calls = 0;
        Exception[] outages = [new SqliteException("database is locked", 5), new PostgresException("terminating connection", "FATAL", "FATAL", "57P01"), new NpgsqlException("connection refused")];

        var result = await Retry.RunAsync("write", _ => calls < outages.Length ? throw outages[calls++] : Task.FromResult(++calls), CancellationToken.None);

        Assert.Equal(4, result);
    }

    private static DbException Error(string kind) => kind switch
    {
        "sqlite constraint" => new SqliteException("CHECK constraint failed: epochs >= 1", 19),
        "sqlite error" => new SqliteException("no such column: x", 1),
        "postgres check" => new PostgresException("new row violates check constraint", "ERROR", "ERROR", "23514"),
        "postgres syntax" => new PostgresException("syntax error", "ERROR", "ERROR", "42601"),
        _ => new PostgresException("invalid input syntax for type integer", "ERROR", "ERROR", "22P02"),
    };
}
