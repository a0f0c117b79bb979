namespace HyperSearch.Storage.Tests;

/// <summary>The store contract on SQLite: a migrated temp file for the class, emptied before each test.</summary>
public sealed class SqliteSearchStoreTests(SqliteFixture fixture) : SearchStoreContract, IClassFixture<SqliteFixture>
{
    protected override string ExpectedProvider => "sqlite";

    protected override async Task<ISearchStore> CreateStoreAsync()
    {
        await fixture.ResetAsync();
        return new SqliteSearchStore(fixture.ConnectionString);
    }

    protected override Task DeleteStoreAsync() => Task.CompletedTask;
}
