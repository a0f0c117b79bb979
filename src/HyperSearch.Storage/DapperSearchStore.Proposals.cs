using System.Data.Common;
using Dapper;
using HyperSearch.Storage.Internal;

namespace HyperSearch.Storage;

// Model-based sampling (TPE): a trial row can be stored before its hyperparameters are chosen, and the
// worker that picks it up proposes them from every result so far (docs/search-spec.md, "TPE").
public abstract partial class DapperSearchStore
{
    /// <summary>Hyperparameters of a trial whose point is proposed when a worker takes it.</summary>
    public const string Unproposed = "{}";

    public async Task<string?> ProposeTrialAsync(Guid trialId, Func<IReadOnlyList<TrialRecord>, string> propose, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(propose);
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        var trial = (await conn.QuerySingleOrDefaultAsync<TrialRow>(new CommandDefinition(
            $"SELECT {Columns.Trial} FROM trials t WHERE t.id = @id", new { id = Values.Id(trialId) }, tx, cancellationToken: ct)))?.ToRecord();
        if (trial is null || trial.Status is not (TrialStatus.Queued or TrialStatus.Running))
        {
            await tx.RollbackAsync(ct);
            return trial?.HyperparametersJson;
        }

        // Proposals of one stage are serialised on its row (SQLite: BEGIN IMMEDIATE serialises every write),
        // so each one sees every earlier proposal as pending: two workers never propose blind to each other.
        var stage = new { SearchId = Values.Id(trial.SearchId), trial.Stage };
        await conn.ExecuteAsync(new CommandDefinition(
            $"SELECT 1 FROM stages WHERE search_id = @SearchId AND stage = @Stage {Dialect.UpdateLock}", stage, tx, cancellationToken: ct));
        var current = await conn.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT hyperparameters FROM trials WHERE id = @id", new { id = Values.Id(trialId) }, tx, cancellationToken: ct));
        if (current != Unproposed)
        {
            await tx.RollbackAsync(ct);
            return current;
        }

        var trials = await SearchTrialsAsync(conn, tx, trial.SearchId, ct);
        var proposed = propose(trials);
        await conn.ExecuteAsync(new CommandDefinition(
            $"UPDATE trials SET hyperparameters = {Dialect.Json("@Hyperparameters")} WHERE id = @id",
            new { id = Values.Id(trialId), Hyperparameters = proposed }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return proposed;
    }

    public async Task<bool> ReplanStageAsync(
        Guid searchId, int stage, Func<string, bool> stillPlanned, string spaceJson, IReadOnlyDictionary<Guid, string> hyperparameters, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stillPlanned);
        ArgumentNullException.ThrowIfNull(spaceJson);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        await using var conn = await OpenConnectionAsync(ct);
        await using var tx = await Dialect.BeginWriteAsync(conn, ct);
        var key = new { SearchId = Values.Id(searchId), Stage = stage };
        var current = await conn.ExecuteScalarAsync<string>(new CommandDefinition(
            $"SELECT space FROM stages WHERE search_id = @SearchId AND stage = @Stage {Dialect.UpdateLock}", key, tx, cancellationToken: ct));
        if (current is null || !stillPlanned(current))
        {
            await tx.RollbackAsync(ct);
            return false;
        }

        await conn.ExecuteAsync(new CommandDefinition(
            $"UPDATE stages SET space = {Dialect.Json("@spaceJson")} WHERE search_id = @SearchId AND stage = @Stage",
            new { key.SearchId, key.Stage, spaceJson }, tx, cancellationToken: ct));
        foreach (var (trialId, json) in hyperparameters)
        {
            await conn.ExecuteAsync(new CommandDefinition(
                $"UPDATE trials SET hyperparameters = {Dialect.Json("@json")} WHERE id = @id AND search_id = @SearchId AND stage = @Stage AND status = 'queued'",
                new { id = Values.Id(trialId), json, key.SearchId, key.Stage }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Every trial of a search in (stage, index) order, read inside <paramref name="tx"/>.</summary>
    private async Task<List<TrialRecord>> SearchTrialsAsync(DbConnection conn, DbTransaction tx, Guid searchId, CancellationToken ct) =>
        (await conn.QueryAsync<TrialRow>(new CommandDefinition(
            $"SELECT {Columns.Trial} FROM trials t WHERE t.search_id = @searchId ORDER BY t.stage, t.idx", new { searchId = Values.Id(searchId) }, tx, cancellationToken: ct)))
            .Select(r => r.ToRecord())
            .ToList();
}
