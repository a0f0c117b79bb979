using HyperSearch.Search;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Comparisons as the API shows them. A page of comparisons costs three queries whatever its length
/// (the comparisons, their searches, their trials), not four per comparison.
/// </summary>
public sealed class ComparisonQueries(ISearchStore store)
{
    public async Task<ComparisonView?> GetAsync(Guid id, double? target, CancellationToken ct)
    {
        var comparison = await store.GetComparisonAsync(id, ct);
        return comparison is null ? null : (await ViewsAsync([comparison], target, ct))[0];
    }

    public async Task<Page<ComparisonView>> ListAsync(int offset, int limit, CancellationToken ct)
    {
        var page = await store.ListComparisonsAsync(offset, limit, ct);
        return new Page<ComparisonView>(await ViewsAsync(page.Items, null, ct), page.Total, page.Offset, page.Limit);
    }

    public async Task<IReadOnlyList<ComparisonView>> ViewsAsync(IReadOnlyList<ComparisonRecord> comparisons, double? target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var ids = comparisons.SelectMany(c => new[] { c.RandomSearchId, c.GridSearchId }).ToList();
        var searches = (await store.GetSearchesAsync(ids, ct)).ToDictionary(s => s.Id);
        var trials = await store.GetStageTrialsAsync(ids, 1, ct);
        ComparisonSide Side(Guid id)
        {
            var outcomes = trials[id].Select(t => new Search.TrialOutcome(t.Index, SearchDocuments.ReadHyperparameters(t.HyperparametersJson), t.ValidationAccuracy));
            return new ComparisonSide(searches[id], ComparisonStatistics.Compute(outcomes, target), trials[id].Count);
        }

        return comparisons.Select(c =>
        {
            var (random, grid) = (Side(c.RandomSearchId), Side(c.GridSearchId));
            return new ComparisonView(c, Status(random.Search.Status, grid.Search.Status), random, grid);
        }).ToList();
    }

    private static string Status(SearchStatus random, SearchStatus grid) => (random, grid) switch
    {
        (SearchStatus.Completed, SearchStatus.Completed) => "completed",
        var (a, b) when a is SearchStatus.Cancelled || b is SearchStatus.Cancelled => "cancelled",
        var (a, b) when a is SearchStatus.Failed || b is SearchStatus.Failed => "failed",
        (SearchStatus.Queued, SearchStatus.Queued) => "queued",
        _ => "running",
    };
}
