using Dapper;
using HyperSearch.Storage.Internal;

namespace HyperSearch.Storage;

/// <summary>
/// <see cref="IApiKeyStore"/> over Dapper, on the connections and <see cref="SqlDialect"/> of a
/// <see cref="DapperSearchStore"/> (the table api_keys lives beside the searches: migrations 0004).
/// </summary>
public sealed class ApiKeyStore : IApiKeyStore
{
    private const string Select = """
        id AS Id, name AS Name, owner AS Owner, role AS Role, hash AS Hash, prefix AS Prefix,
        created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt
        """;

    private readonly DapperSearchStore _store;

    public ApiKeyStore(DapperSearchStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    private SqlValues Values => _store.SqlDialect.Values;

    public async Task<bool> TryAddAsync(ApiKeyRecord key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        const string sql = """
            INSERT INTO api_keys (id, name, owner, role, hash, prefix, created_at, last_used_at, revoked_at)
            VALUES (@Id, @Name, @Owner, @Role, @Hash, @Prefix, @CreatedAt, @LastUsedAt, @RevokedAt)
            ON CONFLICT (hash) DO NOTHING
            """;
        var args = new
        {
            Id = Values.Id(key.Id), key.Name, key.Owner, key.Role, key.Hash, key.Prefix,
            CreatedAt = Values.Time(key.CreatedAt), LastUsedAt = Values.Time(key.LastUsedAt), RevokedAt = Values.Time(key.RevokedAt),
        };
        return await WriteAsync(sql, args, ct) == 1;
    }

    public async Task<ApiKeyRecord?> FindByHashAsync(string hash, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(hash);
        const string sql = $"SELECT {Select} FROM api_keys WHERE hash = @hash";
        await using var conn = await _store.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(sql, new { hash }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<ApiKeyRecord?> GetAsync(Guid id, CancellationToken ct)
    {
        const string sql = $"SELECT {Select} FROM api_keys WHERE id = @id";
        await using var conn = await _store.OpenAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ApiKeyRow>(new CommandDefinition(sql, new { id = Values.Id(id) }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct)
    {
        const string sql = $"SELECT {Select} FROM api_keys ORDER BY created_at, id";
        await using var conn = await _store.OpenAsync(ct);
        var rows = await conn.QueryAsync<ApiKeyRow>(new CommandDefinition(sql, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<bool> RevokeAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        const string sql = "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL";
        return await WriteAsync(sql, new { id = Values.Id(id), now = Values.Time(now) }, ct) == 1;
    }

    public async Task TouchAsync(Guid id, DateTimeOffset now, CancellationToken ct)
    {
        const string sql = "UPDATE api_keys SET last_used_at = @now WHERE id = @id";
        await WriteAsync(sql, new { id = Values.Id(id), now = Values.Time(now) }, ct);
    }

    private async Task<int> WriteAsync(string sql, object args, CancellationToken ct)
    {
        await using var conn = await _store.OpenAsync(ct);
        await using var tx = await _store.SqlDialect.BeginStatementAsync(conn, ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return changed;
    }

#pragma warning disable CA1812 // instantiated by Dapper
    private sealed class ApiKeyRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string Owner { get; set; } = "";
        public string Role { get; set; } = "";
        public string Hash { get; set; } = "";
        public string Prefix { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public DateTimeOffset? RevokedAt { get; set; }

        public ApiKeyRecord ToRecord() => new(Id, Name, Owner, Role, Hash, Prefix, CreatedAt, LastUsedAt, RevokedAt);
    }
#pragma warning restore CA1812
}
