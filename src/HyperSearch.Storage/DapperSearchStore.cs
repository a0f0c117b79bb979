using System.Data.Common;
using Dapper;
using HyperSearch.Storage.Internal;

namespace HyperSearch.Storage;

/// <summary>
/// The store, written once over Dapper: every read and write, with the SQL next to the code that runs it.
/// A backend supplies its connections and its <see cref="SqlDialect"/> (how a write transaction starts,
/// JSON, lists, locks): see docs/storage.md. Reads are here, writes in DapperSearchStore.Writes.cs.
/// </summary>
public abstract partial class DapperSearchStore : ISearchStore
{
    private protected DapperSearchStore(SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        Dialect = dialect;
    }

    private protected SqlDialect Dialect { get; }

    private protected SqlValues Values => Dialect.Values;

    /// <summary>An open connection of the backend's pool; used for one operation, then disposed.</summary>
    private protected abstract Task<DbConnection> OpenConnectionAsync(CancellationToken ct);

    /// <summary>For <see cref="ApiKeyStore"/>, which keeps its table in the same database.</summary>
    internal Task<DbConnection> OpenAsync(CancellationToken ct) => OpenConnectionAsync(ct);

    internal SqlDialect SqlDialect => Dialect;

    public abstract string Provider { get; }

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var conn = await OpenConnectionAsync(ct);
            return await conn.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct)) == 1;
        }
        catch (Exception ex) when (ex is DbException or TimeoutException or InvalidOperationException)
        {
            // NpgsqlException and SqliteException are DbExceptions: an unreachable or broken database.
            return false;
        }
    }

    public async Task<SearchRecord?> GetSearchAsync(Guid id, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns.Search} FROM searches WHERE id = @id";
        await using var conn = await OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<SearchRow>(new CommandDefinition(sql, new { id = Values.Id(id) }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public Task<Page<SearchRecord>> ListSearchesAsync(int offset, int limit, CancellationToken ct) =>
        ListSearchesAsync(null, offset, limit, ct);

    public async Task<Page<SearchRecord>> ListSearchesAsync(string? owner, int offset, int limit, CancellationToken ct)
    {
        StoreParams.CheckPage(offset, limit);
        // CAST types the parameter, which may be null, for PostgreSQL.
        const string where = "WHERE (CAST(@owner AS text) IS NULL OR owner = @owner)";
        const string sql = $"""
            SELECT {Columns.Search} FROM searches {where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM searches {where};
            """;
        return await ReadPageAsync<SearchRow, SearchRecord>(sql, new { owner, offset, limit }, offset, limit, r => r.ToRecord(), ct);
    }

    public async Task<IReadOnlyList<SearchRecord>> ListActiveSearchesAsync(CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns.Search} FROM searches
            WHERE status IN ('queued', 'running')
            ORDER BY created_at, id
            """;
        await using var conn = await OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<SearchRow>(new CommandDefinition(sql, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<StageRecord>> GetStagesAsync(Guid searchId, CancellationToken ct) =>
        (await GetStagesAsync([searchId], ct))[searchId];

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<StageRecord>>> GetStagesAsync(IReadOnlyCollection<Guid> searchIds, CancellationToken ct)
    {
        var sql = $"""
            SELECT {Columns.Stage} FROM stages
            WHERE {Dialect.In("search_id", "@searchIds")}
            ORDER BY stage
            """;
        return await QueryPerSearchAsync<StageRow, StageRecord>(sql, searchIds, r => r.SearchId, r => r.ToRecord(), ct);
    }

    public async Task<IReadOnlyList<StatusCount>> GetStatusCountsAsync(Guid searchId, CancellationToken ct) =>
        (await GetStatusCountsAsync([searchId], ct))[searchId];

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<StatusCount>>> GetStatusCountsAsync(IReadOnlyCollection<Guid> searchIds, CancellationToken ct)
    {
        var sql = $"""
            SELECT search_id AS SearchId, stage AS Stage, status AS Status, count(*) AS Count
            FROM trials WHERE {Dialect.In("search_id", "@searchIds")}
            GROUP BY search_id, stage, status
            ORDER BY stage, status
            """;
        return await QueryPerSearchAsync<StatusCountRow, StatusCount>(sql, searchIds, r => r.SearchId, r => r.ToRecord(), ct);
    }

    /// <summary>
    /// Runs <paramref name="sql"/> (which filters on the list <c>@searchIds</c>) once for all the searches and
    /// splits its rows per search, in the query's order. Every id is a key, so a search without rows maps
    /// to an empty list; no ids, no round trip. For a page of ids: SQLite binds one parameter per id.
    /// </summary>
    private async Task<IReadOnlyDictionary<Guid, IReadOnlyList<TRecord>>> QueryPerSearchAsync<TRow, TRecord>(
        string sql, IReadOnlyCollection<Guid> searchIds, Func<TRow, Guid> searchIdOf, Func<TRow, TRecord> toRecord, CancellationToken ct, object? more = null)
    {
        ArgumentNullException.ThrowIfNull(searchIds);
        var result = new Dictionary<Guid, IReadOnlyList<TRecord>>();
        foreach (var id in searchIds)
        {
            result[id] = [];
        }

        if (result.Count == 0)
        {
            return result;
        }

        await using var conn = await OpenConnectionAsync(ct);
        var args = new DynamicParameters(new { searchIds = Values.Ids(result.Keys) });
        if (more is not null)
        {
            args.AddDynamicParams(more);
        }

        var rows = await conn.QueryAsync<TRow>(new CommandDefinition(sql, args, cancellationToken: ct));
        foreach (var group in rows.GroupBy(searchIdOf))
        {
            result[group.Key] = group.Select(toRecord).ToList();
        }

        return result;
    }

    public async Task<TrialRecord?> GetTrialAsync(Guid id, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns.Trial} FROM trials t WHERE t.id = @id";
        await using var conn = await OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<TrialRow>(new CommandDefinition(sql, new { id = Values.Id(id) }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<Page<TrialRecord>> GetTrialsAsync(Guid searchId, TrialQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        StoreParams.CheckPage(query.Offset, query.Limit);
        StoreParams.CheckLabel(query.Label);
        // The CASTs give PostgreSQL a type for a parameter that is null (SQLite needs none, and accepts them).
        const string filter = """
            t.search_id = @searchId
              AND (CAST(@stage AS integer) IS NULL OR t.stage = @stage)
              AND (CAST(@status AS text) IS NULL OR t.status = @status)
              AND (CAST(@overfit AS boolean) IS NULL OR t.overfit = @overfit)
              AND (CAST(@label AS text) IS NULL OR t.labels LIKE @label)
            """;
        var sql = $"""
            SELECT {Columns.Trial} FROM trials t WHERE {filter}
            ORDER BY {Columns.TrialOrder(query.Sort, query.Descending, name => Dialect.JsonNumber("t.hyperparameters", name))}
            LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM trials t WHERE {filter};
            """;
        var args = new
        {
            searchId = Values.Id(searchId),
            stage = query.Stage,
            status = query.Status is { } s ? StatusText.Of(s) : null,
            overfit = query.Overfit,
            label = StoreParams.LabelPattern(query.Label),
            offset = query.Offset,
            limit = query.Limit,
        };
        return await ReadPageAsync<TrialRow, TrialRecord>(sql, args, query.Offset, query.Limit, r => r.ToRecord(), ct);
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<TrialRecord>>> GetStageTrialsAsync(IReadOnlyCollection<Guid> searchIds, int stage, CancellationToken ct)
    {
        var sql = $"SELECT {Columns.Trial} FROM trials t WHERE {Dialect.In("t.search_id", "@searchIds")} AND t.stage = @stage ORDER BY t.idx";
        return await QueryPerSearchAsync<TrialRow, TrialRecord>(sql, searchIds, r => r.SearchId, r => r.ToRecord(), ct, new { stage });
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<SearchRecord>>> GetComparisonSearchesAsync(IReadOnlyCollection<Guid> comparisonIds, CancellationToken ct)
    {
        var sql = $"SELECT {Columns.Search} FROM searches WHERE {Dialect.In("comparison_id", "@searchIds")} ORDER BY created_at, id";
        return await QueryPerSearchAsync<SearchRow, SearchRecord>(sql, comparisonIds, r => r.ComparisonId!.Value, r => r.ToRecord(), ct);
    }

    public async Task<IReadOnlyList<TrialRecord>> GetStageTrialsAsync(Guid searchId, int stage, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns.Trial} FROM trials t WHERE t.search_id = @searchId AND t.stage = @stage ORDER BY t.idx";
        await using var conn = await OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<TrialRow>(new CommandDefinition(sql, new { searchId = Values.Id(searchId), stage }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<TrialRecord>> GetExpiredTrialsAsync(DateTimeOffset now, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns.Trial} FROM trials t
            WHERE t.status = 'running' AND (t.lease_until IS NULL OR t.lease_until < @now)
            ORDER BY t.lease_until NULLS FIRST, t.id
            """;
        await using var conn = await OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<TrialRow>(new CommandDefinition(sql, new { now = Values.Time(now) }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<TrialRecord>> GetQueuedTrialsAsync(CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns.Trial} FROM trials t JOIN searches s ON s.id = t.search_id
            WHERE t.status = 'queued' AND s.status IN ('queued', 'running')
            ORDER BY t.created_at, t.search_id, t.stage, t.idx
            """;
        await using var conn = await OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<TrialRow>(new CommandDefinition(sql, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<EpochRecord>> GetEpochsAsync(Guid trialId, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns.Epoch} FROM trial_epochs WHERE trial_id = @trialId ORDER BY epoch";
        await using var conn = await OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<EpochRow>(new CommandDefinition(sql, new { trialId = Values.Id(trialId) }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<LayerDiagnosticRecord>> GetDiagnosticsAsync(Guid trialId, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns.Diagnostic} FROM layer_diagnostics WHERE trial_id = @trialId ORDER BY epoch, layer";
        await using var conn = await OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<DiagnosticRow>(new CommandDefinition(sql, new { trialId = Values.Id(trialId) }, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<ComparisonRecord?> GetComparisonAsync(Guid id, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns.Comparison} FROM comparisons WHERE id = @id";
        await using var conn = await OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<ComparisonRow>(new CommandDefinition(sql, new { id = Values.Id(id) }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public Task<Page<ComparisonRecord>> ListComparisonsAsync(int offset, int limit, CancellationToken ct) =>
        ListComparisonsAsync(null, offset, limit, ct);

    public async Task<Page<ComparisonRecord>> ListComparisonsAsync(string? owner, int offset, int limit, CancellationToken ct)
    {
        StoreParams.CheckPage(offset, limit);
        const string where = "WHERE (CAST(@owner AS text) IS NULL OR owner = @owner)";
        const string sql = $"""
            SELECT {Columns.Comparison} FROM comparisons {where} ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM comparisons {where};
            """;
        return await ReadPageAsync<ComparisonRow, ComparisonRecord>(sql, new { owner, offset, limit }, offset, limit, r => r.ToRecord(), ct);
    }

    /// <summary>Runs <paramref name="sql"/>, a page query followed by its <c>count(*)</c>, in one round trip.</summary>
    private async Task<Page<TRecord>> ReadPageAsync<TRow, TRecord>(
        string sql, object args, int offset, int limit, Func<TRow, TRecord> toRecord, CancellationToken ct)
    {
        await using var conn = await OpenConnectionAsync(ct);
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var items = (await grid.ReadAsync<TRow>()).Select(toRecord).ToList();
        var total = await grid.ReadSingleAsync<long>();
        return new Page<TRecord>(items, checked((int)total), offset, limit);
    }

    public async Task<DatasetRecord?> GetDatasetAsync(string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        const string sql = $"SELECT {Columns.DatasetWithoutContent}, content AS Content FROM datasets WHERE name = @name AND deleted_at IS NULL";
        await using var conn = await OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<DatasetRow>(new CommandDefinition(sql, new { name }, cancellationToken: ct));
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<DatasetRecord>> ListDatasetsAsync(CancellationToken ct)
    {
        const string sql = $"SELECT {Columns.DatasetWithoutContent} FROM datasets WHERE deleted_at IS NULL ORDER BY name";
        await using var conn = await OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<DatasetRow>(new CommandDefinition(sql, cancellationToken: ct));
        return rows.Select(r => r.ToRecord()).ToList();
    }
}
