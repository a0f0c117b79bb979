using System.Data.Common;
using Dapper;
using HyperSearch.Storage.Internal;

namespace HyperSearch.Storage;

// Adaptive scheduling: trials that train in legs (ASHA rungs), wait at a rung, are promoted by a rule
// decided inside one transaction, resume from a stored checkpoint, or are pruned (docs/storage.md).
public abstract partial class DapperSearchStore
{
    public Task<IReadOnlyList<RungPromotionRecord>?> ReportRungAsync(
        TrialClaim claim, RungReport report, Func<IReadOnlyList<RungEntry>, IReadOnlyList<RungPromotionRecord>> decide, DateTimeOffset now, CancellationToken ct) =>
        ReportRungAsync(claim, report, decide, null, now, ct);

    public async Task<IReadOnlyList<RungPromotionRecord>?> ReportRungAsync(
        TrialClaim claim, RungReport report, Func<IReadOnlyList<RungEntry>, IReadOnlyList<RungPromotionRecord>> decide, int? epochBudget, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(decide);
        var trial = new { TrialId = Values.Id(claim.TrialId), Token = Values.Id(claim.Token) };
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        var owner = await conn.QuerySingleOrDefaultAsync<StageKeyRow>(new CommandDefinition(
            "SELECT search_id AS SearchId, stage AS Stage FROM trials WHERE id = @TrialId AND claim_token = @Token AND status = 'running'",
            trial, tx, cancellationToken: ct));
        if (owner is null)
        {
            await tx.RollbackAsync(ct);
            return null;
        }

        // Every rung decision of a stage is serialised on the stage row (SQLite: BEGIN IMMEDIATE already
        // serialises every write), so two workers finishing rungs at once never both see a stale
        // ranking: no trial is promoted twice, and none is left waiting when it should go on.
        var stage = new StageKey(Values.Id(owner.SearchId), owner.Stage);
        await LockStageAsync(conn, tx, stage, ct);

        var m = report.Metrics;
        if (m.Status == TrialStatus.Diverged)
        {
            // A leg that diverged on its way to this rung ends the trial here: its result is recorded at the
            // rung with no objective (it ranks last), so the rung counts it, as the promotion rule needs.
            var args = StoreParams.Outcome(Values, claim, m with { EpochsTrained = report.EpochsTrained }, now);
            if (await conn.ExecuteAsync(new CommandDefinition(EndTrialSql, args, tx, cancellationToken: ct)) != 1)
            {
                await tx.RollbackAsync(ct);
                return null;
            }

            await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE trials SET rung = @Rung WHERE id = @TrialId; DELETE FROM trial_checkpoints WHERE trial_id = @TrialId;",
                new { trial.TrialId, report.Rung }, tx, cancellationToken: ct));
            // The rung's row carries its milestone (the epochs this leg was training for), not the fewer it reached.
            var milestone = await conn.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(target_epochs, epochs) FROM trials WHERE id = @TrialId", trial, tx, cancellationToken: ct));
            return await RecordRungAndDecideAsync(conn, tx, trial.TrialId, stage, report with { Objective = double.NaN, EpochsTrained = milestone }, decide, epochBudget, now, ct);
        }

        const string pause = """
            UPDATE trials
            SET status = 'paused', epochs_trained = @EpochsTrained, rung = @Rung, train_accuracy = @TrainAccuracy,
                validation_accuracy = @ValidationAccuracy, accuracy_gap = @AccuracyGap, overfit = @Overfit,
                train_loss = @TrainLoss, validation_loss = @ValidationLoss, initial_loss = @InitialLoss,
                duration_seconds = @DurationSeconds, claim_token = NULL, lease_until = NULL,
                diagnosis = COALESCE(CAST(@DiagnosisJson AS text), diagnosis), labels = COALESCE(CAST(@Labels AS text), labels)
            WHERE id = @TrialId AND claim_token = @Token AND status = 'running'
            """;
        await conn.ExecuteAsync(new CommandDefinition(pause, new
        {
            trial.TrialId, trial.Token, report.EpochsTrained, report.Rung,
            TrainAccuracy = Values.Real(m.TrainAccuracy), ValidationAccuracy = Values.Real(m.ValidationAccuracy),
            AccuracyGap = Values.Real(m.AccuracyGap), m.Overfit, TrainLoss = Values.Real(m.TrainLoss),
            ValidationLoss = Values.Real(m.ValidationLoss), InitialLoss = Values.Real(m.InitialLoss), DurationSeconds = Values.Real(m.DurationSeconds),
            DiagnosisJson = m.Diagnosis?.Json, Labels = StoreParams.LabelsText(m.Diagnosis),
        }, tx, cancellationToken: ct));
        const string saveCheckpoint = """
            INSERT INTO trial_checkpoints (trial_id, epoch, data, created_at) VALUES (@TrialId, @Epoch, @Data, @Now)
            ON CONFLICT (trial_id) DO UPDATE SET epoch = excluded.epoch, data = excluded.data, created_at = excluded.created_at
            """;
        await conn.ExecuteAsync(new CommandDefinition(
            saveCheckpoint, new { trial.TrialId, Epoch = report.EpochsTrained, Data = report.Checkpoint, Now = Values.Time(now) }, tx, cancellationToken: ct));
        await KeepIfLeadingAsync(conn, tx, claim.TrialId, m.ValidationAccuracy, report.EpochsTrained, () => report.Checkpoint, now, ct);
        return await RecordRungAndDecideAsync(conn, tx, trial.TrialId, stage, report, decide, epochBudget, now, ct);
    }

    // The rung result, then the promotion decision over every rung result of the stage (each promotion only
    // if its leg fits the budget that is left, in the decision's priority order); commits.
    private async Task<IReadOnlyList<RungPromotionRecord>> RecordRungAndDecideAsync(
        DbConnection conn, DbTransaction tx, object trialId, StageKey stage, RungReport report,
        Func<IReadOnlyList<RungEntry>, IReadOnlyList<RungPromotionRecord>> decide, int? epochBudget, DateTimeOffset now, CancellationToken ct)
    {
        const string recordRung = """
            INSERT INTO trial_rungs (trial_id, rung, epochs, objective, reached_at) VALUES (@TrialId, @Rung, @Epochs, @Objective, @Now)
            ON CONFLICT (trial_id, rung) DO UPDATE SET epochs = excluded.epochs, objective = excluded.objective, reached_at = excluded.reached_at
            """;
        await conn.ExecuteAsync(new CommandDefinition(
            recordRung, new { TrialId = trialId, report.Rung, Epochs = report.EpochsTrained, Objective = Values.Real(report.Objective), Now = Values.Time(now) }, tx, cancellationToken: ct));

        const string entries = """
            SELECT r.trial_id AS TrialId, t.idx AS Idx, r.rung AS Rung, r.objective AS Objective,
                   CASE WHEN r.promoted THEN 1 ELSE 0 END AS Promoted
            FROM trial_rungs r JOIN trials t ON t.id = r.trial_id
            WHERE t.search_id = @SearchId AND t.stage = @Stage
            """;
        var rows = await conn.QueryAsync<RungRow>(new CommandDefinition(entries, stage, tx, cancellationToken: ct));
        var decided = decide(rows.Select(r => r.ToEntry()).ToList());

        // Only a trial still waiting moves on (a cancelled one stays cancelled).
        const string promote = """
            UPDATE trials SET status = 'queued', target_epochs = @TargetEpochs WHERE id = @TrialId AND status = 'paused';
            """;
        const string markPromoted = "UPDATE trial_rungs SET promoted = TRUE WHERE trial_id = @TrialId AND rung = @FromRung";
        var promoted = new List<RungPromotionRecord>(decided.Count);
        var committed = epochBudget is null ? 0 : await CommittedEpochsAsync(conn, tx, stage, null, ct);
        foreach (var p in decided)
        {
            var args = new { TrialId = Values.Id(p.TrialId), p.TargetEpochs, p.FromRung };
            if (epochBudget is { } budget)
            {
                var trained = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT epochs_trained FROM trials WHERE id = @TrialId", args, tx, cancellationToken: ct));
                if (committed + (p.TargetEpochs - trained) > budget)
                {
                    // It waits: a leg that ends early (diverges) gives epochs back, and settling prunes what is left.
                    continue;
                }

                committed += p.TargetEpochs - trained;
            }

            if (await conn.ExecuteAsync(new CommandDefinition(promote, args, tx, cancellationToken: ct)) == 1)
            {
                await conn.ExecuteAsync(new CommandDefinition(markPromoted, args, tx, cancellationToken: ct));
                promoted.Add(p);
            }
        }

        await tx.CommitAsync(ct);
        return promoted;
    }

    /// <summary>The (search, stage) key as the dialect binds it.</summary>
    private sealed record StageKey(object SearchId, int Stage);

    private Task LockStageAsync(DbConnection conn, DbTransaction tx, StageKey stage, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            $"SELECT 1 FROM stages WHERE search_id = @SearchId AND stage = @Stage {Dialect.UpdateLock}", stage, tx, cancellationToken: ct));

    /// <summary>
    /// The epochs a stage has spent or is spending: each trial's trained epochs, and for a leg that is running,
    /// or promoted and waiting for a worker, the epochs it will have at the leg's end (a configuration not yet
    /// started commits nothing). Read under the stage lock, so admissions against a budget are serialised.
    /// </summary>
    private Task<long> CommittedEpochsAsync(DbConnection conn, DbTransaction tx, StageKey stage, Guid? exceptTrialId, CancellationToken ct)
    {
        const string sql = """
            SELECT COALESCE(SUM(CASE WHEN status = 'running' OR (status = 'queued' AND epochs_trained > 0)
                                     THEN COALESCE(target_epochs, epochs) ELSE epochs_trained END), 0)
            FROM trials WHERE search_id = @SearchId AND stage = @Stage AND id <> @Except
            """;
        var except = Values.Id(exceptTrialId ?? Guid.Empty);
        return conn.ExecuteScalarAsync<long>(new CommandDefinition(sql, new { stage.SearchId, stage.Stage, Except = except }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// For a claim against an epoch budget: a configuration that has not started (Queued, nothing trained) whose
    /// first leg does not fit beside what the stage has committed ends Pruned, untrained, with the reason. True
    /// when it was refused (the caller commits); false when the claim may go ahead.
    /// </summary>
    private async Task<bool> RefusedByBudgetAsync(DbConnection conn, DbTransaction tx, Guid trialId, int budget, DateTimeOffset now, CancellationToken ct)
    {
        var id = Values.Id(trialId);
        var trial = await conn.QuerySingleOrDefaultAsync<BudgetRow>(new CommandDefinition(
            "SELECT search_id AS SearchId, stage AS Stage, COALESCE(target_epochs, epochs) AS Leg FROM trials WHERE id = @id AND status = 'queued' AND epochs_trained = 0",
            new { id }, tx, cancellationToken: ct));
        if (trial is null)
        {
            // Running (a re-claim after a dead worker), promoted, or over: admitted before, or not claimable.
            return false;
        }

        var stage = new StageKey(Values.Id(trial.SearchId), trial.Stage);
        await LockStageAsync(conn, tx, stage, ct);
        var committed = await CommittedEpochsAsync(conn, tx, stage, trialId, ct);
        if (committed + trial.Leg <= budget)
        {
            return false;
        }

        var reason = string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"not started: the stage's epoch budget of {budget} is spent ({committed} epochs trained or training; this configuration's first rung needs {trial.Leg})");
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE trials SET status = 'pruned', completed_at = @now, error = @reason WHERE id = @id AND status = 'queued' AND epochs_trained = 0",
            new { id, now = Values.Time(now), reason }, tx, cancellationToken: ct));
        return true;
    }

    public async Task<TrialCheckpointRecord?> GetCheckpointAsync(Guid trialId, CancellationToken ct)
    {
        const string sql = "SELECT epoch AS Epoch, data AS Data FROM trial_checkpoints WHERE trial_id = @trialId";
        await using var conn = await OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<CheckpointRow>(new CommandDefinition(sql, new { trialId = Values.Id(trialId) }, cancellationToken: ct));
        return row is null ? null : new TrialCheckpointRecord(trialId, row.Epoch, row.Data);
    }

    public async Task<int> SettleStageAsync(Guid searchId, int stage, DateTimeOffset now, CancellationToken ct)
    {
        // Only a quiet stage settles: while a trial is queued or running, a waiting one may still be promoted.
        const string sql = """
            UPDATE trials SET status = 'pruned', completed_at = @now
            WHERE search_id = @searchId AND stage = @stage AND status = 'paused'
              AND NOT EXISTS (SELECT 1 FROM trials o WHERE o.search_id = @searchId AND o.stage = @stage AND o.status IN ('queued', 'running'));
            """;
        const string dropCheckpoints = """
            DELETE FROM trial_checkpoints
            WHERE trial_id IN (SELECT id FROM trials WHERE search_id = @searchId AND stage = @stage AND status = 'pruned')
            """;
        var args = new { searchId = Values.Id(searchId), stage, now = Values.Time(now) };
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        var settled = await conn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(dropCheckpoints, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return settled;
    }

    public async Task<IReadOnlyList<double>> GetEpochAccuraciesAsync(Guid searchId, int stage, int epoch, Guid exceptTrialId, CancellationToken ct)
    {
        const string sql = """
            SELECT e.validation_accuracy FROM trial_epochs e JOIN trials t ON t.id = e.trial_id
            WHERE t.search_id = @searchId AND t.stage = @stage AND e.epoch = @epoch AND t.id <> @exceptTrialId
            """;
        await using var conn = await OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<double?>(new CommandDefinition(
            sql, new { searchId = Values.Id(searchId), stage, epoch, exceptTrialId = Values.Id(exceptTrialId) }, cancellationToken: ct));
        return rows.Select(v => v ?? double.NaN).ToList();
    }

    public async Task<IReadOnlyDictionary<Guid, IReadOnlyList<RungReached>>> GetRungsReachedAsync(IReadOnlyCollection<Guid> searchIds, CancellationToken ct)
    {
        var sql = $"""
            SELECT t.search_id AS SearchId, r.trial_id AS TrialId, r.epochs AS Epochs, r.objective AS Objective, r.reached_at AS ReachedAt
            FROM trial_rungs r JOIN trials t ON t.id = r.trial_id
            WHERE {Dialect.In("t.search_id", "@searchIds")}
            ORDER BY r.reached_at, r.epochs
            """;
        return await QueryPerSearchAsync<RungReachedRow, RungReached>(sql, searchIds, r => r.SearchId, r => r.ToRecord(), ct);
    }

    public async Task<IReadOnlyList<RungCount>> GetRungCountsAsync(Guid searchId, CancellationToken ct)
    {
        const string sql = """
            SELECT t.stage AS Stage, r.rung AS Rung, max(r.epochs) AS Epochs, count(*) AS Reached,
                   sum(CASE WHEN r.promoted THEN 1 ELSE 0 END) AS Promoted
            FROM trial_rungs r JOIN trials t ON t.id = r.trial_id
            WHERE t.search_id = @searchId
            GROUP BY t.stage, r.rung
            ORDER BY t.stage, r.rung
            """;
        await using var conn = await OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<RungCountRow>(new CommandDefinition(sql, new { searchId = Values.Id(searchId) }, cancellationToken: ct));
        return rows.Select(r => new RungCount(r.Stage, r.Rung, (int)r.Epochs, (int)r.Reached, (int)r.Promoted)).ToList();
    }
}
