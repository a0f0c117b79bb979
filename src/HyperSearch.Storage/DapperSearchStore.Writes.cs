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

    // ---- trials ----

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

    public async Task<bool> CompleteTrialAsync(TrialClaim claim, TrialOutcome outcome, DateTimeOffset now, CancellationToken ct)
    {
        StoreParams.CheckOutcome(claim, outcome);
        // Conditional on the claim: a duplicate or stale completion matches no row, so a result is written once.
        const string sql = """
            UPDATE trials
            SET status = @Status, train_accuracy = @TrainAccuracy, validation_accuracy = @ValidationAccuracy,
                accuracy_gap = @AccuracyGap, overfit = @Overfit, train_loss = @TrainLoss, validation_loss = @ValidationLoss,
                initial_loss = @InitialLoss, duration_seconds = @DurationSeconds, error = @Error, completed_at = @Now,
                lease_until = NULL
            WHERE id = @TrialId AND claim_token = @Token AND status = 'running'
            """;
        return await ExecuteWriteAsync(sql, StoreParams.Outcome(Values, claim, outcome, now), ct) == 1;
    }

    public async Task<int> CancelTrialsAsync(Guid searchId, DateTimeOffset now, CancellationToken ct)
    {
        // Clearing the token revokes running claims: their executors' next write or renewal fails.
        const string sql = """
            UPDATE trials SET status = 'cancelled', completed_at = @now, claim_token = NULL, lease_until = NULL
            WHERE search_id = @searchId AND status IN ('queued', 'running')
            """;
        return await ExecuteWriteAsync(sql, new { searchId = Values.Id(searchId), now = Values.Time(now) }, ct);
    }

    // ---- uploaded datasets ----

    public async Task<bool> TryAddDatasetAsync(DatasetRecord dataset, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        const string sql = """
            INSERT INTO datasets (id, name, label_column, samples, features, classes, bytes, created_at, content)
            VALUES (@Id, @Name, @LabelColumn, @Samples, @Features, @Classes, @Bytes, @CreatedAt, @Content)
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
