namespace HyperSearch.Storage.Tests;

/// <summary>Migrator behaviour that needs no database.</summary>
public sealed class DatabaseMigratorTests
{
    [Fact]
    public void EmbeddedScripts_ExistForBothProviders_InOrder()
    {
        var pg = DatabaseMigrator.ScriptNames("postgres");
        var lite = DatabaseMigrator.ScriptNames("sqlite");

        Assert.Contains("postgres.0001_initial.sql", pg);
        Assert.Contains("sqlite.0001_initial.sql", lite);
        Assert.Equal(pg.Count, lite.Count);
        Assert.Equal(pg.Order(StringComparer.Ordinal), pg);
    }

    [Fact]
    public void MigratePostgres_WhenUnreachable_ThrowsOneClearError()
    {
        var ex = Assert.Throws<DatabaseMigrationException>(() =>
            DatabaseMigrator.MigratePostgres("Host=127.0.0.1;Port=1;Username=x;Password=x;Database=x;Timeout=2"));

        Assert.Contains("Cannot connect to PostgreSQL at 127.0.0.1:1", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.ScriptName);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x;Mode=Memory")]
    public void MigrateSqlite_InMemory_IsRejected(string connectionString)
    {
        Assert.Throws<ArgumentException>(() => DatabaseMigrator.MigrateSqlite(connectionString));
    }
}
