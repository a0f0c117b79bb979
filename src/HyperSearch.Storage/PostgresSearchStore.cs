using System.Data.Common;
using HyperSearch.Storage.Internal;
using Npgsql;

namespace HyperSearch.Storage;

/// <summary>
/// The PostgreSQL store (scale-out: API and worker processes on several machines share it). Claims,
/// completions and renewals are conditional UPDATEs on the trial row, whose row lock serialises racing
/// executors; multi-row writes are short READ COMMITTED transactions; an epoch write share-locks the trial
/// row so that it cannot interleave with a re-claim. The queries are <see cref="DapperSearchStore"/>'s;
/// this class opens the connections and picks <see cref="SqlDialect.Postgres"/>. The schema is
/// migrations/postgres; see docs/storage.md.
/// </summary>
public sealed class PostgresSearchStore : DapperSearchStore
{
    private readonly NpgsqlDataSource _dataSource;

    static PostgresSearchStore() => DapperTypeHandlers.EnsureRegistered();

    public PostgresSearchStore(NpgsqlDataSource dataSource)
        : base(SqlDialect.Postgres)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    public override string Provider => "postgres";

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct);
}
