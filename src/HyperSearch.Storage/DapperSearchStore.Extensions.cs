using Dapper;
using HyperSearch.Storage.Internal;

namespace HyperSearch.Storage;

// Extending a search (POST /api/searches/{id}/stages) and completing one: the two meet on the search row.
// An extension locks the row, reads the search, its stages and trials, and writes spec + stage count +
// status + stage + trials in one transaction; completion is conditional on the stage count it read, so a
// stage added while Finalize ran keeps the search running (docs/storage.md, "Extending a search").
public abstract partial class DapperSearchStore
{
    public async Task<SearchExtension?> ExtendSearchAsync(
        Guid searchId,
        Func<SearchRecord, IReadOnlyList<StageRecord>, IReadOnlyList<TrialRecord>, SearchExtension> extend,
        DateTimeOffset now,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(extend);
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        // PostgreSQL: FOR UPDATE serialises extensions of one search, and a racing completion (an UPDATE of
        // this row) waits for this commit and then re-checks its stage count against the new row. SQLite:
        // BEGIN IMMEDIATE already makes this the only writer.
        var sql = $"SELECT {Columns.Search} FROM searches WHERE id = @id {Dialect.UpdateLock}";
        var id = new { id = Values.Id(searchId) };
        var search = (await conn.QuerySingleOrDefaultAsync<SearchRow>(new CommandDefinition(sql, id, tx, cancellationToken: ct)))?.ToRecord();
        if (search is null)
        {
            await tx.RollbackAsync(ct);
            return null;
        }

        var stages = (await conn.QueryAsync<StageRow>(new CommandDefinition(
            $"SELECT {Columns.Stage} FROM stages WHERE search_id = @id ORDER BY stage", id, tx, cancellationToken: ct)))
            .Select(r => r.ToRecord())
            .ToList();
        var trials = await SearchTrialsAsync(conn, tx, searchId, ct);

        // The decision (and its validation errors, thrown) belongs to the caller; a throw rolls everything back.
        var extension = extend(search, stages, trials);
        ArgumentNullException.ThrowIfNull(extension);
        const string update = """
            UPDATE searches
            SET spec = {0}, stage_count = @StageCount,
                status = CASE WHEN @Resume THEN 'running' ELSE status END,
                completed_at = CASE WHEN @Resume THEN NULL ELSE completed_at END,
                test_accuracy = CASE WHEN @Resume THEN NULL ELSE test_accuracy END,
                started_at = COALESCE(started_at, CASE WHEN @Resume THEN @Now END)
            WHERE id = @Id
            """;
        await conn.ExecuteAsync(new CommandDefinition(
            string.Format(System.Globalization.CultureInfo.InvariantCulture, update, Dialect.Json("@SpecJson")),
            new { Id = Values.Id(searchId), extension.SpecJson, extension.StageCount, extension.Resume, Now = Values.Time(now) },
            tx,
            cancellationToken: ct));
        if (extension.Stage is { } stage)
        {
            if (await InsertStageAsync(conn, tx, stage, ct) == 0)
            {
                throw new InvalidOperationException($"Stage {stage.Stage} of search {searchId} already exists.");
            }

            await InsertTrialsAsync(conn, tx, extension.Trials, ct);
        }

        await tx.CommitAsync(ct);
        return extension;
    }

    public async Task<bool> CompleteSearchAsync(Guid searchId, int stageCount, double? testAccuracy, DateTimeOffset now, CancellationToken ct)
    {
        // One statement: the stage count is a column of the row, so PostgreSQL re-checks it after waiting for
        // an extension's lock (a NOT EXISTS over trials would be read from the statement's old snapshot).
        const string sql = """
            UPDATE searches
            SET status = 'completed', completed_at = @now, test_accuracy = COALESCE(CAST(@testAccuracy AS double precision), test_accuracy)
            WHERE id = @id AND status = 'running' AND stage_count = @stageCount
              AND NOT EXISTS (SELECT 1 FROM trials WHERE search_id = @id AND status IN ('queued', 'running', 'paused'))
            """;
        return await ExecuteWriteAsync(sql, new { id = Values.Id(searchId), stageCount, testAccuracy, now = Values.Time(now) }, ct) == 1;
    }
}
