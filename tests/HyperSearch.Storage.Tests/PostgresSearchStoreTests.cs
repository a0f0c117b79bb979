using Npgsql;

namespace HyperSearch.Storage.Tests;

/// <summary>The store contract on a real PostgreSQL: a fresh database for the class, emptied before each test.</summary>
public sealed class PostgresSearchStoreTests(PostgresFixture fixture) : SearchStoreContract, IClassFixture<PostgresFixture>
{
    private NpgsqlDataSource? dataSource;

    protected override string ExpectedProvider => "postgres";

    protected override async Task<ISearchStore> CreateStoreAsync()
    {
        await fixture.ResetAsync();
        dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        return new PostgresSearchStore(dataSource);
    }

    protected override async Task DeleteStoreAsync()
    {
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }
}
