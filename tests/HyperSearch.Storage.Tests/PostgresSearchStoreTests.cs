using Npgsql;

namespace HyperSearch.Storage.Tests;

/// <summary>The store contract on a real PostgreSQL: a fresh database for the class, emptied before each test.</summary>
public sealed class PostgresSearchStoreTests(PostgresFixture fixture) : SearchStoreContract, IClassFixture<PostgresFixture>
{
    private NpgsqlDataSource? _dataSource;

    protected override string ExpectedProvider => "postgres";

    protected override async Task<ISearchStore> CreateStoreAsync()
    {
        await fixture.ResetAsync();
        _dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        return new PostgresSearchStore(_dataSource);
    }

    protected override async Task DeleteStoreAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
