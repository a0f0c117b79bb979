using Npgsql;

namespace HyperSearch.Api.Tests;

/// <summary>
/// A fresh, empty PostgreSQL database on the test server (HYPERSEARCH_TEST_POSTGRES, started by
/// scripts/test.sh); the service under test migrates it itself. Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "HYPERSEARCH_TEST_POSTGRES";

    private TestDatabase(string admin, string name)
    {
        Admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    public string Admin { get; }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"PostgreSQL tests need a server: run `export {EnvironmentVariable}=\"$(scripts/postgres.sh start)\"` from the repository root (scripts/test.sh does this).");
        return await CreateAsync(admin);
    }

    /// <summary>A fresh database on the server <paramref name="admin"/> connects to (a test's own server).</summary>
    public static async Task<TestDatabase> CreateAsync(string admin)
    {
        var db = new TestDatabase(admin, "hs_api_" + Guid.NewGuid().ToString("N"));
        await db.ExecuteAsync($"CREATE DATABASE \"{db.Name}\"");
        return db;
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var v = await cmd.ExecuteScalarAsync();
        return v is null or DBNull ? default : (T)Convert.ChangeType(v, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Admin) { Pooling = false }.ToString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
