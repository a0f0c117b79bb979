using Npgsql;

namespace HyperSearch.Storage.Tests;

/// <summary>Migrations on a real PostgreSQL (see <see cref="PostgresFixture"/>).</summary>
public sealed class PostgresMigratorTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task MigratePostgres_Twice_IsHarmless()
    {
        var cs = await postgres.CreateDatabaseAsync(migrated: false);
        try
        {
            DatabaseMigrator.MigratePostgres(cs);
            DatabaseMigrator.MigratePostgres(cs);

            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            Assert.Equal(DatabaseMigrator.ScriptNames("postgres").Count, await ScalarAsync<long>(conn, "SELECT count(*) FROM schemaversions"));
            Assert.Equal(1L, await ScalarAsync<long>(conn, "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_trials_search_validation'"));
        }
        finally
        {
            await postgres.DropDatabaseAsync(cs);
        }
    }

    [Fact]
    public async Task MigratePostgres_FromSeveralProcessesAtOnce_Succeeds()
    {
        var cs = await postgres.CreateDatabaseAsync(migrated: false);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => DatabaseMigrator.MigratePostgres(cs))));

            await using var check = new NpgsqlConnection(cs);
            await check.OpenAsync();
            Assert.Equal(DatabaseMigrator.ScriptNames("postgres").Count, await ScalarAsync<long>(check, "SELECT count(*) FROM schemaversions"));
        }
        finally
        {
            await postgres.DropDatabaseAsync(cs);
        }
    }

    private static async Task<T> ScalarAsync<T>(System.Data.Common.DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
