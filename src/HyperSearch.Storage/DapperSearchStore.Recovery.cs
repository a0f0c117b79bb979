using Dapper;
using HyperSearch.Storage.Internal;

namespace HyperSearch.Storage;

// Hardening (issue 12): ending a search that cannot go on (failed), settling a crash-looping trial,
// handing a claim back on shutdown, a cancel that is one transaction, and the active-search limit
// checked in the transaction that inserts.
public abstract partial class DapperSearchStore
{
    // Every submission takes this lock before it counts the active searches, so two concurrent
    // submissions cannot both see room for one more (SQLite: BEGIN IMMEDIATE already serialises writers).
    private const long SubmissionLockKey = 0x4879_7065_7253_6561; // "HyperSea"

    public async Task<bool> FailSearchAsync(Guid searchId, string error, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        const string fail = """
            UPDATE searches SET status = 'failed', error = @error, completed_at = @now
            WHERE id = @searchId AND status IN ('queued', 'running')
            """;
        var args = new { searchId = Values.Id(searchId), error, now = Values.Time(now) };
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        if (await conn.ExecuteAsync(new CommandDefinition(fail, args, tx, cancellationToken: ct)) != 1)
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await SettleOpenTrialsAsync(conn, tx, args, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> CancelSearchAsync(Guid searchId, DateTimeOffset now, CancellationToken ct)
    {
        const string cancel = """
            UPDATE searches SET status = 'cancelled', completed_at = @now
            WHERE id = @searchId AND status IN ('queued', 'running')
            """;
        const string status = "SELECT status FROM searches WHERE id = @searchId";
        var args = new { searchId = Values.Id(searchId), now = Values.Time(now) };
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        await conn.ExecuteAsync(new CommandDefinition(cancel, args, tx, cancellationToken: ct));
        // Also for a search cancelled before: a cancel that died half-way (or a stage added while it ran)
        // left trials open, and this one settles them.
        if (await conn.ExecuteScalarAsync<string?>(new CommandDefinition(status, args, tx, cancellationToken: ct)) != "cancelled")
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await SettleOpenTrialsAsync(conn, tx, args, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Ends the open trials of a search that stopped (cancelled or failed): their claims are revoked, so running executors stop.</summary>
    private static async Task SettleOpenTrialsAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, object args, CancellationToken ct)
    {
        const string settle = """
            UPDATE trials SET status = 'cancelled', completed_at = @now, claim_token = NULL, lease_until = NULL
            WHERE search_id = @searchId AND status IN ('queued', 'running', 'paused')
            """;
        const string dropCheckpoints = """
            DELETE FROM trial_checkpoints WHERE trial_id IN (SELECT id FROM trials WHERE search_id = @searchId AND status = 'cancelled')
            """;
        await conn.ExecuteAsync(new CommandDefinition(settle, args, tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(dropCheckpoints, args, tx, cancellationToken: ct));
    }

    public async Task<bool> FailTrialAsync(Guid trialId, string error, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        const string fail = """
            UPDATE trials SET status = 'failed', error = @error, completed_at = @now, claim_token = NULL, lease_until = NULL
            WHERE id = @trialId AND status IN ('queued', 'running', 'paused')
            """;
        const string dropCheckpoint = "DELETE FROM trial_checkpoints WHERE trial_id = @trialId";
        var args = new { trialId = Values.Id(trialId), error, now = Values.Time(now) };
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        if (await conn.ExecuteAsync(new CommandDefinition(fail, args, tx, cancellationToken: ct)) != 1)
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await conn.ExecuteAsync(new CommandDefinition(dropCheckpoint, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<int> RecordLegAttemptAsync(TrialClaim claim, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        // epochs_trained moves only when a leg ends, so a claim starting from the epochs the previous
        // claim started from is another attempt at the same leg (its predecessor died or was stopped).
        const string sql = """
            UPDATE trials
            SET leg_attempts = CASE WHEN leg_start_epochs = epochs_trained THEN leg_attempts + 1 ELSE 1 END,
                leg_start_epochs = epochs_trained
            WHERE id = @TrialId AND claim_token = @Token AND status = 'running'
            RETURNING leg_attempts
            """;
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        var attempts = await conn.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(
            sql, new { TrialId = Values.Id(claim.TrialId), Token = Values.Id(claim.Token) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return attempts ?? 0;
    }

    public async Task<bool> ReleaseClaimAsync(TrialClaim claim, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(claim);
        // Queued again at once, for any worker; the attempt does not count against the leg (it was not a
        // crash), and the epochs it wrote beyond its checkpoint go, as a re-claim would drop them.
        const string release = """
            UPDATE trials
            SET status = 'queued', claim_token = NULL, lease_until = NULL, worker = NULL, started_at = NULL,
                leg_attempts = CASE WHEN leg_attempts > 0 THEN leg_attempts - 1 ELSE 0 END
            WHERE id = @TrialId AND claim_token = @Token AND status = 'running'
            """;
        const string dropLeftovers = """
            DELETE FROM trial_epochs WHERE trial_id = @TrialId AND epoch > (SELECT epochs_trained FROM trials WHERE id = @TrialId);
            DELETE FROM layer_diagnostics WHERE trial_id = @TrialId AND epoch > (SELECT epochs_trained FROM trials WHERE id = @TrialId);
            """;
        var args = new { TrialId = Values.Id(claim.TrialId), Token = Values.Id(claim.Token), now = Values.Time(now) };
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        if (await conn.ExecuteAsync(new CommandDefinition(release, args, tx, cancellationToken: ct)) != 1)
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await conn.ExecuteAsync(new CommandDefinition(dropLeftovers, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> TryCreateSearchAsync(SearchRecord search, StageRecord stage, IReadOnlyList<TrialRecord> trials, int maxActive, CancellationToken ct)
    {
        StoreParams.CheckNewSearch(search, stage, trials);
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        if (!await HasRoomAsync(conn, tx, 1, search.Owner, maxActive, ct))
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await InsertSearchAsync(conn, tx, search, stage, trials, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> TryCreateComparisonAsync(
        ComparisonRecord comparison,
        IReadOnlyList<(SearchRecord Search, StageRecord Stage, IReadOnlyList<TrialRecord> Trials)> searches,
        int maxActive,
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
        if (!await HasRoomAsync(conn, tx, searches.Count, searches.Count > 0 ? searches[0].Search.Owner : null, maxActive, ct))
        {
            await tx.RollbackAsync(ct);
            return false;
        }

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
        return true;
    }

    public async Task<int> CountActiveSearchesAsync(CancellationToken ct)
    {
        await using var conn = await OpenConnectionAsync(ct);
        return checked((int)await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM searches WHERE status IN ('queued', 'running')", cancellationToken: ct)));
    }

    /// <summary>The limit is per owner (null: every search counts), as the service's own check.</summary>
    private async Task<bool> HasRoomAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, int adding, string? owner, int maxActive, CancellationToken ct)
    {
        if (Provider == "postgres")
        {
            // Held to the commit: the next submission counts after this one's searches are visible.
            await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)", new { key = SubmissionLockKey }, tx, cancellationToken: ct));
        }

        var active = await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM searches WHERE status IN ('queued', 'running') AND (CAST(@owner AS text) IS NULL OR owner = @owner)",
            new { owner }, tx, cancellationToken: ct));
        return active + adding <= maxActive;
    }
}
