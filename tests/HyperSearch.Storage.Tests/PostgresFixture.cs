using HyperSearch.Storage;
using Npgsql;

namespace HyperSearch.Storage.Tests;

/// <summary>
/// A real PostgreSQL for one test class (copy this file into other test projects). The admin connection
/// string comes from HYPERSEARCH_TEST_POSTGRES; when it is missing every test of the class fails (never a
/// silent skip). The fixture creates a fresh, migrated database <c>hs_test_&lt;guid&gt;</c> for the class and
/// drops it afterwards. Tests of a class run one at a time: <see cref="ResetAsync"/> empties every table
/// (about 10 ms, where a new database costs most of a second), so each test starts from an empty store.
/// <see cref="CreateDatabaseAsync"/> makes an extra database when a test needs one of its own.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "HYPERSEARCH_TEST_POSTGRES";

    private string? _adminConnectionString;

    /// <summary>The class database (migrated).</summary>
    public string ConnectionString { get; private set; } = "";

    public string DatabaseName { get; } = "hs_test_" + Guid.NewGuid().ToString("N");

    public string AdminConnectionString => _adminConnectionString
        ?? throw new InvalidOperationException("The Postgres fixture is not initialised.");

    public static string RequireAdminConnectionString() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"PostgreSQL tests need a server: run `export {EnvironmentVariable}=\"$(scripts/postgres.sh start)\"` " +
                "from the repository root, then run the tests again.");

    public async Task InitializeAsync()
    {
        _adminConnectionString = RequireAdminConnectionString();
        await ExecuteAdminAsync($"CREATE DATABASE \"{DatabaseName}\"");
        ConnectionString = ConnectionStringFor(DatabaseName);
        // No pooling: a pooled idle session would keep the database busy and block cloning it.
        DatabaseMigrator.MigratePostgres(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
    }

    /// <summary>Empties every table of the class database except the migration journal.</summary>
    public async Task ResetAsync()
    {
        const string sql = """
            DO $$
            DECLARE tables text;
            BEGIN
                SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') INTO tables
                FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schemaversions';
                IF tables IS NOT NULL THEN
                    EXECUTE 'TRUNCATE ' || tables || ' CASCADE';
                END IF;
            END $$;
            """;
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>A new database, cloned from the migrated class database or (<paramref name="migrated"/> false)
    /// empty; drop it with <see cref="DropDatabaseAsync"/>.</summary>
    public async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        var name = "hs_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAdminAsync(migrated ? $"CREATE DATABASE \"{name}\" TEMPLATE \"{DatabaseName}\"" : $"CREATE DATABASE \"{name}\"");
        return ConnectionStringFor(name);
    }

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public async Task DisposeAsync()
    {
        if (_adminConnectionString is not null)
        {
            await DropDatabaseAsync(ConnectionString);
        }
    }

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ToString();

    private async Task ExecuteAdminAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ToString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
