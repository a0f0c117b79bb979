using System.Data.Common;
using Dapper;
using HyperSearch.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace HyperSearch.Storage;

/// <summary>
/// The SQLite store, the embedded default: one process, several Hangfire workers writing concurrently.
/// The file runs in WAL mode (readers never block the writer); every write is a short
/// <c>BEGIN IMMEDIATE</c> transaction, which takes the write lock up front, so a read-then-write never
/// fails on a stale snapshot, and waits up to <see cref="BusyTimeoutMs"/> for a concurrent writer.
/// One writer at a time makes the conditional claim/complete updates atomic. Schema: migrations/sqlite.
/// Ids are lower-case TEXT uuids and timestamps fixed-width UTC ISO-8601 TEXT (text order = time order).
/// </summary>
public sealed class SqliteSearchStore : DapperSearchStore, ISearchStore
{
    /// <summary>How long a write waits for another connection's write lock.</summary>
    public const int BusyTimeoutMs = 10_000;

    private static readonly SqlValues V = SqlValues.Sqlite;

    private readonly string connectionString;
    private int walChecked;

    static SqliteSearchStore() => DapperTypeHandlers.EnsureRegistered();

    /// <param name="connectionString">A file database, e.g. <c>Data Source=data/hypersearch.db</c>
    /// (in-memory databases are not supported: every operation opens its own pooled connection).</param>
    public SqliteSearchStore(string connectionString)
        : base(SqlDialect.Sqlite)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        this.connectionString = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var conn = new SqliteConnection(connectionString);
        try
        {
            await conn.OpenAsync(ct);
            var pragmas = $"PRAGMA busy_timeout = {BusyTimeoutMs};";
            if (Interlocked.Exchange(ref walChecked, 1) == 0)
            {
                // Persistent in the file; the migrator sets it too. NORMAL is durable enough with WAL.
                pragmas += "PRAGMA journal_mode = WAL;";
            }

            await conn.ExecuteAsync(new CommandDefinition(pragmas + "PRAGMA synchronous = NORMAL;", cancellationToken: ct));
            return conn;
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    /// <summary>BEGIN IMMEDIATE: the write lock now (waiting up to the busy timeout), not at the first write.</summary>
    private static SqliteTransaction BeginImmediate(SqliteConnection conn) => conn.BeginTransaction(deferred: false);

    public string Provider => "sqlite";

    private protected override async Task<DbConnection> OpenConnectionAsync(CancellationToken ct) =>
        await OpenAsync(ct);

    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var conn = await OpenAsync(ct);
            return await conn.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct)) == 1;
        }
        catch (Exception ex) when (ex is SqliteException or DbException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    // ---- searches ----

    public async Task CreateSearchAsync(SearchRecord search, StageRecord stage, IReadOnlyList<TrialRecord> trials, CancellationToken ct)
    {
        StoreParams.CheckNewSearch(search, stage, trials);
        await using var conn = await OpenAsync(ct);
        await using var tx = BeginImmediate(conn);
        await InsertSearchAsync(conn, tx, search, stage, trials, ct);
        tx.Commit();
    }

    public async Task CreateComparisonAsync(
        ComparisonRecord comparison,
        IReadOnlyList<(SearchRecord Search, StageRecord Stage, IReadOnlyList<TrialRecord> Trials)> searches,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(searches);
        foreach (var (search, stage, trials) in searches)
        {
            StoreParams.CheckNewSearch(search, stage, trials);
        }

        await using var conn = await OpenAsync(ct);
        await using var tx = BeginImmediate(conn);
        const string sql = """
            INSERT INTO comparisons (id, name, budget, spec, random_search_id, grid_search_id, created_at)
            VALUES (@Id, @Name, @Budget, @SpecJson, @RandomSearchId, @GridSearchId, @CreatedAt)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, StoreParams.Comparison(V, comparison), tx, cancellationToken: ct));
        foreach (var (search, stage, trials) in searches)
        {
            await InsertSearchAsync(conn, tx, search, stage, trials, ct);
        }

        tx.Commit();
    }

    private static async Task InsertSearchAsync(
        SqliteConnection conn, SqliteTransaction tx, SearchRecord search, StageRecord stage, IReadOnlyList<TrialRecord> trials, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO searches (id, name, strategy, status, spec, seed, dataset, overfit_gap, stage_count, comparison_id,
                                  created_at, started_at, completed_at, sanity, best_trial_id, best_validation_accuracy,
                                  test_accuracy, error)
            VALUES (@Id, @Name, @Strategy, @Status, @SpecJson, @Seed, @Dataset, @OverfitGap, @StageCount, @ComparisonId,
                    @CreatedAt, @StartedAt, @CompletedAt, @SanityJson, @BestTrialId, @BestValidationAccuracy,
                    @TestAccuracy, @Error)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, StoreParams.Search(V, search), tx, cancellationToken: ct));
        await InsertStageAsync(conn, tx, stage, ct);
        await InsertTrialsAsync(conn, tx, trials, ct);
    }

    private static Task<int> InsertStageAsync(SqliteConnection conn, SqliteTransaction tx, StageRecord stage, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO stages (search_id, stage, space, trials, epochs, created_at)
            VALUES (@SearchId, @Stage, @SpaceJson, @Trials, @Epochs, @CreatedAt)
            ON CONFLICT (search_id, stage) DO NOTHING
            """;
        return conn.ExecuteAsync(new CommandDefinition(sql, StoreParams.Stage(V, stage), tx, cancellationToken: ct));
    }

    private static async Task InsertTrialsAsync(SqliteConnection conn, SqliteTransaction tx, IReadOnlyList<TrialRecord> trials, CancellationToken ct)
    {
        if (trials.Count == 0)
        {
            return;
        }

        const string sql = """
            INSERT INTO trials (id, search_id, stage, idx, status, hyperparameters, seed, epochs, created_at, train_accuracy,
                                validation_accuracy, accuracy_gap, overfit, train_loss, validation_loss, initial_loss,
                                duration_seconds, worker, attempts, started_at, completed_at, error)
            VALUES (@Id, @SearchId, @Stage, @Index, @Status, @HyperparametersJson, @Seed, @Epochs, @CreatedAt, @TrainAccuracy,
                    @ValidationAccuracy, @AccuracyGap, @Overfit, @TrainLoss, @ValidationLoss, @InitialLoss,
                    @DurationSeconds, @Worker, @Attempts, @StartedAt, @CompletedAt, @Error)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, trials.Select(t => StoreParams.Trial(V, t)).ToList(), tx, cancellationToken: ct));
    }

    // ---- stages ----

    public async Task<bool> TryAddStageAsync(StageRecord stage, IReadOnlyList<TrialRecord> trials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(trials);
        await using var conn = await OpenAsync(ct);
        await using var tx = BeginImmediate(conn);
        // The immediate transaction serialises two advance steps: the second sees the stage and inserts nothing.
        if (await InsertStageAsync(conn, tx, stage, ct) == 0)
        {
            tx.Rollback();
            return false;
        }

        await InsertTrialsAsync(conn, tx, trials, ct);
        tx.Commit();
        return true;
    }

    // ---- trials ----

    public async Task<Page<TrialRecord>> GetTrialsAsync(Guid searchId, TrialQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        StoreParams.CheckPage(query.Offset, query.Limit);
        const string filter = """
            t.search_id = @searchId
              AND (@stage IS NULL OR t.stage = @stage)
              AND (@status IS NULL OR t.status = @status)
              AND (@overfit IS NULL OR t.overfit = @overfit)
            """;
        var sql = $"""
            SELECT {Columns.Trial} FROM trials t WHERE {filter}
            ORDER BY {Columns.TrialOrder(query.Sort, query.Descending, name => $"json_extract(t.hyperparameters, '$.{name}')")}
            LIMIT @limit OFFSET @offset;
            SELECT count(*) FROM trials t WHERE {filter};
            """;
        var args = new
        {
            searchId = V.Id(searchId),
            stage = query.Stage,
            status = query.Status is { } s ? StatusText.Of(s) : null,
            overfit = query.Overfit,
            offset = query.Offset,
            limit = query.Limit,
        };
        await using var conn = await OpenAsync(ct);
        await using var grid = await conn.QueryMultipleAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        var items = (await grid.ReadAsync<TrialRow>()).Select(r => r.ToRecord()).ToList();
        var total = await grid.ReadSingleAsync<long>();
        return new Page<TrialRecord>(items, checked((int)total), query.Offset, query.Limit);
    }

    public async Task<TrialClaim?> TryClaimTrialAsync(Guid trialId, string worker, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(worker);
        // BEGIN IMMEDIATE makes this transaction the only writer: a racing claimer waits for the lock,
        // then finds the trial Running under a live lease and updates nothing.
        const string claim = """
            UPDATE trials
            SET status = 'running', worker = @worker, started_at = @now, completed_at = NULL, error = NULL,
                attempts = attempts + 1, claim_token = @token, lease_until = @leaseUntil
            WHERE id = @trialId
              AND (status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < @now)))
            RETURNING attempts AS Attempts
            """;
        const string dropLeftovers = """
            DELETE FROM trial_epochs WHERE trial_id = @trialId;
            DELETE FROM layer_diagnostics WHERE trial_id = @trialId;
            """;
        var token = Guid.NewGuid();
        await using var conn = await OpenAsync(ct);
        await using var tx = BeginImmediate(conn);
        var row = await conn.QuerySingleOrDefaultAsync<ClaimRow>(
            new CommandDefinition(claim, new { trialId = V.Id(trialId), worker, now = V.Time(now), leaseUntil = V.Time(leaseUntil), token = V.Id(token) }, tx, cancellationToken: ct));
        if (row is null)
        {
            tx.Rollback();
            return null;
        }

        await conn.ExecuteAsync(new CommandDefinition(dropLeftovers, new { trialId = V.Id(trialId) }, tx, cancellationToken: ct));
        tx.Commit();
        return new TrialClaim(trialId, token, worker, row.Attempts);
    }

    public async Task<bool> AddEpochAsync(TrialClaim claim, EpochRecord epoch, IReadOnlyList<LayerDiagnosticRecord> layers, CancellationToken ct)
    {
        StoreParams.CheckEpoch(claim, epoch, layers);
        await using var conn = await OpenAsync(ct);
        await using var tx = BeginImmediate(conn);
        // Inside BEGIN IMMEDIATE no re-claim or cancel can interleave between this check and the writes.
        const string check = """
            SELECT 1 FROM trials WHERE id = @TrialId AND claim_token = @Token AND status = 'running'
            """;
        var current = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(check, new { TrialId = V.Id(claim.TrialId), Token = V.Id(claim.Token) }, tx, cancellationToken: ct));
        if (current is null)
        {
            tx.Rollback();
            return false;
        }

        const string upsertEpoch = """
            INSERT INTO trial_epochs (trial_id, epoch, train_loss, train_accuracy, validation_loss, validation_accuracy, learning_rate, seconds)
            VALUES (@TrialId, @Epoch, @TrainLoss, @TrainAccuracy, @ValidationLoss, @ValidationAccuracy, @LearningRate, @Seconds)
            ON CONFLICT (trial_id, epoch) DO UPDATE SET
                train_loss = excluded.train_loss, train_accuracy = excluded.train_accuracy,
                validation_loss = excluded.validation_loss, validation_accuracy = excluded.validation_accuracy,
                learning_rate = excluded.learning_rate, seconds = excluded.seconds
            """;
        await conn.ExecuteAsync(new CommandDefinition(upsertEpoch, StoreParams.Epoch(V, claim, epoch), tx, cancellationToken: ct));

        const string deleteLayers = "DELETE FROM layer_diagnostics WHERE trial_id = @TrialId AND epoch = @Epoch";
        await conn.ExecuteAsync(new CommandDefinition(deleteLayers, new { TrialId = V.Id(claim.TrialId), epoch.Epoch }, tx, cancellationToken: ct));
        if (layers.Count > 0)
        {
            const string insertLayers = """
                INSERT INTO layer_diagnostics (trial_id, epoch, layer, activation_mean, activation_std, dead_fraction,
                                               saturated_fraction, update_to_weight_ratio)
                VALUES (@TrialId, @Epoch, @Layer, @ActivationMean, @ActivationStd, @DeadFraction, @SaturatedFraction, @UpdateToWeightRatio)
                """;
            var rows = layers.Select(l => StoreParams.Diagnostic(V, claim, epoch.Epoch, l)).ToList();
            await conn.ExecuteAsync(new CommandDefinition(insertLayers, rows, tx, cancellationToken: ct));
        }

        tx.Commit();
        return true;
    }

}
