using System.Data.Common;
using Dapper;
using HyperSearch.Storage.Internal;

namespace HyperSearch.Storage;

// The writes. A write of one statement goes through ExecuteWriteAsync; a write of several opens a
// connection and starts its transaction with Dialect.BeginWriteAsync. Either way the SQL is the same on
// both backends but for the Dialect fragments it interpolates.
public abstract partial class DapperSearchStore
{
    /// <summary>Runs one write statement in the dialect's statement transaction; returns the rows changed.</summary>
    private async Task<int> ExecuteWriteAsync(string sql, object args, CancellationToken ct)
    {
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginStatementAsync(conn, ct);
        var changed = await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }

        return changed;
    }

    // ---- searches ----

    public async Task CreateSearchAsync(SearchRecord search, StageRecord stage, IReadOnlyList<TrialRecord> trials, CancellationToken ct)
    {
        StoreParams.CheckNewSearch(search, stage, trials);
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        await InsertSearchAsync(conn, tx, search, stage, trials, ct);
        await tx.CommitAsync(ct);
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

        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        var sql = $"""
            INSERT INTO comparisons (id, name, budget, spec, random_search_id, grid_search_id, created_at, owner)
            VALUES (@Id, @Name, @Budget, {Dialect.Json("@SpecJson")}, @RandomSearchId, @GridSearchId, @CreatedAt, @Owner)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, StoreParams.Comparison(Values, comparison), tx, cancellationToken: ct));
        foreach (var (search, stage, trials) in searches)
        {
            await InsertSearchAsync(conn, tx, search, stage, trials, ct);
        }

        await tx.CommitAsync(ct);
    }

    private async Task InsertSearchAsync(
        DbConnection conn, DbTransaction tx, SearchRecord search, StageRecord stage, IReadOnlyList<TrialRecord> trials, CancellationToken ct)
    {
        var sql = $"""
            INSERT INTO searches (id, name, strategy, status, spec, seed, dataset, overfit_gap, stage_count, comparison_id,
                                  created_at, started_at, completed_at, sanity, best_trial_id, best_validation_accuracy,
                                  test_accuracy, error, owner)
            VALUES (@Id, @Name, @Strategy, @Status, {Dialect.Json("@SpecJson")}, @Seed, @Dataset, @OverfitGap, @StageCount, @ComparisonId,
                    @CreatedAt, @StartedAt, @CompletedAt, {Dialect.Json("@SanityJson")}, @BestTrialId, @BestValidationAccuracy,
                    @TestAccuracy, @Error, @Owner)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, StoreParams.Search(Values, search), tx, cancellationToken: ct));
        await InsertStageAsync(conn, tx, stage, ct);
        await InsertTrialsAsync(conn, tx, trials, ct);
    }

    /// <summary>Inserts the stage unless (search, stage) exists; the rows inserted, 0 or 1.</summary>
    private Task<int> InsertStageAsync(DbConnection conn, DbTransaction tx, StageRecord stage, CancellationToken ct)
    {
        var sql = $"""
            INSERT INTO stages (search_id, stage, space, trials, epochs, created_at)
            VALUES (@SearchId, @Stage, {Dialect.Json("@SpaceJson")}, @Trials, @Epochs, @CreatedAt)
            ON CONFLICT (search_id, stage) DO NOTHING
            """;
        return conn.ExecuteAsync(new CommandDefinition(sql, StoreParams.Stage(Values, stage), tx, cancellationToken: ct));
    }

    private async Task InsertTrialsAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<TrialRecord> trials, CancellationToken ct)
    {
        if (trials.Count == 0)
        {
            return;
        }

        var sql = $"""
            INSERT INTO trials (id, search_id, stage, idx, status, hyperparameters, seed, epochs, created_at, train_accuracy,
                                validation_accuracy, accuracy_gap, overfit, train_loss, validation_loss, initial_loss,
                                duration_seconds, worker, attempts, started_at, completed_at, error, target_epochs)
            VALUES (@Id, @SearchId, @Stage, @Index, @Status, {Dialect.Json("@HyperparametersJson")}, @Seed, @Epochs, @CreatedAt, @TrainAccuracy,
                    @ValidationAccuracy, @AccuracyGap, @Overfit, @TrainLoss, @ValidationLoss, @InitialLoss,
                    @DurationSeconds, @Worker, @Attempts, @StartedAt, @CompletedAt, @Error, @TargetEpochs)
            """;
        await conn.ExecuteAsync(new CommandDefinition(sql, trials.Select(t => StoreParams.Trial(Values, t)).ToList(), tx, cancellationToken: ct));
    }

    public async Task<bool> TransitionSearchAsync(
        Guid id, IReadOnlyCollection<SearchStatus> from, SearchStatus to, string? error, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (from.Count == 0)
        {
            return false;
        }

        var sql = $"""
            UPDATE searches
            SET status = @to,
                error = COALESCE(@error, error),
                started_at = CASE WHEN @to = 'running' THEN COALESCE(started_at, @now) ELSE started_at END,
                completed_at = CASE WHEN @terminal THEN @now ELSE completed_at END
            WHERE id = @id AND {Dialect.In("status", "@from")}
            """;
        var args = new
        {
            id = Values.Id(id),
            from = from.Select(StatusText.Of).ToArray(),
            to = StatusText.Of(to),
            error,
            now = Values.Time(now),
            terminal = StatusText.IsTerminal(to),
        };
        return await ExecuteWriteAsync(sql, args, ct) == 1;
    }

    public async Task SetSanityAsync(Guid searchId, string sanityJson, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sanityJson);
        var sql = $"UPDATE searches SET sanity = {Dialect.Json("@sanityJson")} WHERE id = @searchId";
        await ExecuteWriteAsync(sql, new { searchId = Values.Id(searchId), sanityJson }, ct);
    }

    public async Task SetBestTrialAsync(Guid searchId, Guid trialId, double validationAccuracy, CancellationToken ct)
    {
        const string sql = """
            UPDATE searches SET best_trial_id = @trialId, best_validation_accuracy = @validationAccuracy
            WHERE id = @searchId
            """;
        await ExecuteWriteAsync(sql, new { searchId = Values.Id(searchId), trialId = Values.Id(trialId), validationAccuracy }, ct);
    }

    public async Task SetTestAccuracyAsync(Guid searchId, double testAccuracy, CancellationToken ct)
    {
        const string sql = "UPDATE searches SET test_accuracy = @testAccuracy WHERE id = @searchId";
        await ExecuteWriteAsync(sql, new { searchId = Values.Id(searchId), testAccuracy }, ct);
    }

    // ---- stages ----

    public async Task<bool> TryAddStageAsync(StageRecord stage, IReadOnlyList<TrialRecord> trials, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(trials);
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        // Two advance steps racing: on PostgreSQL, ON CONFLICT DO NOTHING waits for a concurrent insert of
        // the same stage, then reports 0 rows; on SQLite, BEGIN IMMEDIATE serialises them and the second
        // sees the stage and inserts nothing. Either way the loser writes no trials.
        if (await InsertStageAsync(conn, tx, stage, ct) == 0)
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await InsertTrialsAsync(conn, tx, trials, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    // ---- trials ----

    public Task<TrialClaim?> TryClaimTrialAsync(Guid trialId, string worker, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct) =>
        ClaimAsync(trialId, worker, now, leaseUntil, null, ct);

    public Task<TrialClaim?> TryClaimWithinBudgetAsync(Guid trialId, string worker, DateTimeOffset now, DateTimeOffset leaseUntil, int epochBudget, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochBudget);
        return ClaimAsync(trialId, worker, now, leaseUntil, epochBudget, ct);
    }

    private async Task<TrialClaim?> ClaimAsync(Guid trialId, string worker, DateTimeOffset now, DateTimeOffset leaseUntil, int? epochBudget, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(worker);
        // The conditional UPDATE is the claim. PostgreSQL: a racing claimer blocks on the row lock, then
        // re-checks the WHERE against the committed row (READ COMMITTED re-evaluation), finds it Running
        // under a live lease and updates nothing. The deletes run as later statements of the same
        // transaction, so their snapshot includes an epoch a dying executor committed while this UPDATE
        // waited for its row lock. SQLite: BEGIN IMMEDIATE makes this transaction the only writer: a racing
        // claimer waits for the lock, then finds the trial Running under a live lease and updates nothing.
        const string claim = """
            UPDATE trials
            SET status = 'running', worker = @worker, started_at = @now, completed_at = NULL, error = NULL,
                attempts = attempts + 1, claim_token = @token, lease_until = @leaseUntil
            WHERE id = @trialId
              AND (status = 'queued' OR (status = 'running' AND (lease_until IS NULL OR lease_until < @now)))
            RETURNING attempts AS Attempts
            """;
        // A resumed trial keeps the epochs its checkpoint covers; a dead attempt's later epochs go.
        const string dropLeftovers = """
            DELETE FROM trial_epochs WHERE trial_id = @trialId AND epoch > (SELECT epochs_trained FROM trials WHERE id = @trialId);
            DELETE FROM layer_diagnostics WHERE trial_id = @trialId AND epoch > (SELECT epochs_trained FROM trials WHERE id = @trialId);
            """;
        var token = Guid.NewGuid();
        var args = new { trialId = Values.Id(trialId), worker, now = Values.Time(now), leaseUntil = Values.Time(leaseUntil), token = Values.Id(token) };
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        if (epochBudget is { } budget && await RefusedByBudgetAsync(conn, tx, trialId, budget, now, ct))
        {
            await tx.CommitAsync(ct);
            return null;
        }

        var row = await conn.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition(claim, args, tx, cancellationToken: ct));
        if (row is null)
        {
            await tx.RollbackAsync(ct);
            return null;
        }

        await conn.ExecuteAsync(new CommandDefinition(dropLeftovers, new { trialId = Values.Id(trialId) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new TrialClaim(trialId, token, worker, row.Attempts);
    }

    public async Task<bool> RenewLeaseAsync(TrialClaim claim, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        const string sql = """
            UPDATE trials SET lease_until = @leaseUntil
            WHERE id = @TrialId AND claim_token = @Token AND status = 'running'
            """;
        var args = new { TrialId = Values.Id(claim.TrialId), Token = Values.Id(claim.Token), leaseUntil = Values.Time(leaseUntil) };
        return await ExecuteWriteAsync(sql, args, ct) == 1;
    }

    public async Task<bool> AddEpochAsync(TrialClaim claim, EpochRecord epoch, IReadOnlyList<LayerDiagnosticRecord> layers, CancellationToken ct)
    {
        StoreParams.CheckEpoch(claim, epoch, layers);
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        if (!await HoldsRunningClaimAsync(conn, tx, claim, ct))
        {
            await tx.RollbackAsync(ct);
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
        await conn.ExecuteAsync(new CommandDefinition(upsertEpoch, StoreParams.Epoch(Values, claim, epoch), tx, cancellationToken: ct));

        await ReplaceLayersAsync(conn, tx, claim, epoch.Epoch, layers, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> AddInitialLayersAsync(TrialClaim claim, IReadOnlyList<LayerDiagnosticRecord> layers, CancellationToken ct)
    {
        StoreParams.CheckInitialLayers(claim, layers);
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        if (!await HoldsRunningClaimAsync(conn, tx, claim, ct))
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await ReplaceLayersAsync(conn, tx, claim, 0, layers, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="claim"/> is still the running trial's, held until the commit. PostgreSQL: FOR SHARE
    /// conflicts with the UPDATE of a re-claim or cancel, so either the write lands before the re-claim (which
    /// then deletes it) or it sees the new token and writes nothing. SQLite: inside BEGIN IMMEDIATE no re-claim
    /// or cancel can interleave between this check and the writes.
    /// </summary>
    private async Task<bool> HoldsRunningClaimAsync(DbConnection conn, DbTransaction tx, TrialClaim claim, CancellationToken ct)
    {
        var check = $"""
            SELECT 1 FROM trials WHERE id = @TrialId AND claim_token = @Token AND status = 'running' {Dialect.ShareLock}
            """;
        return await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
            check, new { TrialId = Values.Id(claim.TrialId), Token = Values.Id(claim.Token) }, tx, cancellationToken: ct)) is not null;
    }

    // A rewritten epoch replaces its layer rows, so a retried write leaves no extra layers.
    private async Task ReplaceLayersAsync(DbConnection conn, DbTransaction tx, TrialClaim claim, int epoch, IReadOnlyList<LayerDiagnosticRecord> layers, CancellationToken ct)
    {
        const string deleteLayers = "DELETE FROM layer_diagnostics WHERE trial_id = @TrialId AND epoch = @Epoch";
        await conn.ExecuteAsync(new CommandDefinition(deleteLayers, new { TrialId = Values.Id(claim.TrialId), Epoch = epoch }, tx, cancellationToken: ct));
        if (layers.Count > 0)
        {
            const string insertLayers = """
                INSERT INTO layer_diagnostics (trial_id, epoch, layer, activation_mean, activation_std, dead_fraction,
                                               saturated_fraction, update_to_weight_ratio, gradient_norm, histogram)
                VALUES (@TrialId, @Epoch, @Layer, @ActivationMean, @ActivationStd, @DeadFraction, @SaturatedFraction, @UpdateToWeightRatio,
                        @GradientNorm, @HistogramJson)
                """;
            var rows = layers.Select(l => StoreParams.Diagnostic(Values, claim, epoch, l)).ToList();
            await conn.ExecuteAsync(new CommandDefinition(insertLayers, rows, tx, cancellationToken: ct));
        }
    }

    // A running trial's result, conditional on its claim: a duplicate or stale completion matches no row.
    private const string EndTrialSql = """
        UPDATE trials
        SET status = @Status, train_accuracy = @TrainAccuracy, validation_accuracy = @ValidationAccuracy,
            accuracy_gap = @AccuracyGap, overfit = @Overfit, train_loss = @TrainLoss, validation_loss = @ValidationLoss,
            initial_loss = @InitialLoss, duration_seconds = @DurationSeconds, error = @Error, completed_at = @Now,
            lease_until = NULL, epochs_trained = COALESCE(CAST(@EpochsTrained AS integer), epochs_trained),
            diagnosis = COALESCE(CAST(@DiagnosisJson AS text), diagnosis), labels = COALESCE(CAST(@Labels AS text), labels)
        WHERE id = @TrialId AND claim_token = @Token AND status = 'running'
        """;

    public Task<bool> CompleteTrialAsync(TrialClaim claim, TrialOutcome outcome, DateTimeOffset now, CancellationToken ct) =>
        CompleteTrialAsync(claim, outcome, null, now, ct);

    public async Task<bool> CompleteTrialAsync(TrialClaim claim, TrialOutcome outcome, Func<byte[]?>? model, DateTimeOffset now, CancellationToken ct)
    {
        StoreParams.CheckOutcome(claim, outcome);
        const string dropCheckpoint = "DELETE FROM trial_checkpoints WHERE trial_id = @TrialId";
        var args = StoreParams.Outcome(Values, claim, outcome, now);
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        if (await conn.ExecuteAsync(new CommandDefinition(EndTrialSql, args, tx, cancellationToken: ct)) != 1)
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        // A finished trial is never resumed: its checkpoint would only cost space.
        await conn.ExecuteAsync(new CommandDefinition(dropCheckpoint, args, tx, cancellationToken: ct));
        if (model is not null && outcome.Status is TrialStatus.Completed or TrialStatus.Pruned && outcome.EpochsTrained is { } epochs)
        {
            await KeepIfLeadingAsync(conn, tx, claim.TrialId, outcome.ValidationAccuracy, epochs, model, now, ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<int> CancelTrialsAsync(Guid searchId, DateTimeOffset now, CancellationToken ct)
    {
        // Clearing the token revokes running claims: their executors' next write or renewal fails.
        const string cancel = """
            UPDATE trials SET status = 'cancelled', completed_at = @now, claim_token = NULL, lease_until = NULL
            WHERE search_id = @searchId AND status IN ('queued', 'running', 'paused')
            """;
        const string dropCheckpoints = """
            DELETE FROM trial_checkpoints WHERE trial_id IN (SELECT id FROM trials WHERE search_id = @searchId AND status = 'cancelled')
            """;
        var args = new { searchId = Values.Id(searchId), now = Values.Time(now) };
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        var cancelled = await conn.ExecuteAsync(new CommandDefinition(cancel, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(dropCheckpoints, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return cancelled;
    }

    // ---- uploaded datasets ----

    public async Task<bool> TryAddDatasetAsync(DatasetRecord dataset, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        const string sql = """
            INSERT INTO datasets (id, name, label_column, samples, features, classes, bytes, created_at, content, owner)
            VALUES (@Id, @Name, @LabelColumn, @Samples, @Features, @Classes, @Bytes, @CreatedAt, @Content, @Owner)
            ON CONFLICT (name) DO NOTHING
            """;
        return await ExecuteWriteAsync(sql, StoreParams.Dataset(Values, dataset), ct) == 1;
    }

    public async Task<bool> TryRemoveDatasetAsync(string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sql = $"""
            UPDATE datasets SET deleted_at = {Dialect.Now}, content = NULL
            WHERE name = @name AND deleted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM searches WHERE dataset = @name AND status IN ('queued', 'running'))
            """;
        return await ExecuteWriteAsync(sql, new { name }, ct) == 1;
    }
}
