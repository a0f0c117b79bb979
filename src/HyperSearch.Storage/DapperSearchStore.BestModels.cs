using System.Data.Common;
using Dapper;
using HyperSearch.Storage.Internal;

namespace HyperSearch.Storage;

// The search's best model (migration 0007): kept with the leg result that takes the lead.
public abstract partial class DapperSearchStore
{
    public async Task<BestModelRecord?> GetBestModelAsync(Guid searchId, CancellationToken ct)
    {
        const string sql = """
            SELECT trial_id AS TrialId, validation_accuracy AS ValidationAccuracy, epoch AS Epoch, data AS Data, created_at AS CreatedAt
            FROM search_best_models WHERE search_id = @searchId
            """;
        await using var conn = await OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<BestModelRow>(new CommandDefinition(sql, new { searchId = Values.Id(searchId) }, cancellationToken: ct));
        return row is null ? null : new BestModelRecord(searchId, row.TrialId, row.ValidationAccuracy, row.Epoch, row.Data, row.CreatedAt);
    }

    /// <summary>
    /// Inside a leg's result transaction: keeps the trial's network as its search's best model when its validation
    /// accuracy is above the kept one's (a tie keeps the earlier). The upsert's condition decides, so two workers
    /// finishing at once on PostgreSQL keep the better of the two whatever the commit order; the read before it
    /// only spares serialising a model that would not be kept.
    /// </summary>
    private async Task KeepIfLeadingAsync(
        DbConnection conn, DbTransaction tx, Guid trialId, double? validationAccuracy, int epoch, Func<byte[]?> model, DateTimeOffset now, CancellationToken ct)
    {
        if (validationAccuracy is not { } accuracy || !double.IsFinite(accuracy) || epoch < 1)
        {
            return;
        }

        const string kept = """
            SELECT t.search_id AS SearchId, b.validation_accuracy AS Kept
            FROM trials t LEFT JOIN search_best_models b ON b.search_id = t.search_id
            WHERE t.id = @trialId
            """;
        var lead = await conn.QuerySingleAsync<LeadRow>(new CommandDefinition(kept, new { trialId = Values.Id(trialId) }, tx, cancellationToken: ct));
        if (lead.Kept >= accuracy || model() is not { Length: > 0 } data)
        {
            return;
        }

        const string keep = """
            INSERT INTO search_best_models (search_id, trial_id, validation_accuracy, epoch, data, created_at)
            VALUES (@SearchId, @TrialId, @Accuracy, @Epoch, @Data, @Now)
            ON CONFLICT (search_id) DO UPDATE
            SET trial_id = excluded.trial_id, validation_accuracy = excluded.validation_accuracy, epoch = excluded.epoch,
                data = excluded.data, created_at = excluded.created_at
            WHERE search_best_models.validation_accuracy < excluded.validation_accuracy
            """;
        await conn.ExecuteAsync(new CommandDefinition(keep, new
        {
            SearchId = Values.Id(lead.SearchId), TrialId = Values.Id(trialId), Accuracy = accuracy, Epoch = epoch, Data = data, Now = Values.Time(now),
        }, tx, cancellationToken: ct));
    }
}
