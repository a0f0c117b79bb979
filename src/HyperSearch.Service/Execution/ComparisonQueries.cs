using HyperSearch.Search;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Comparisons as the API shows them. A page of comparisons costs three queries whatever its length
/// (the comparisons, their arms' searches, those searches' trials), not four per comparison.
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
        var arms = await store.GetComparisonSearchesAsync(comparisons.Select(c => c.Id).ToList(), ct);
        var trials = await store.GetStageTrialsAsync(arms.Values.SelectMany(a => a).Select(s => s.Id).ToList(), 1, ct);
        return comparisons.Select(c =>
        {
            var searches = arms[c.Id];
            var random = Side(searches.Single(s => s.Id == c.RandomSearchId), trials, target);
            var grid = Side(searches.Single(s => s.Id == c.GridSearchId), trials, target);
            var all = new[] { random, grid }.Concat(searches.Where(s => s.Id != c.RandomSearchId && s.Id != c.GridSearchId).Select(s => Side(s, trials, target))).ToList();
            return new ComparisonView(c, Status(all.Select(a => a.Search.Status).ToList()), random, grid, all);
        }).ToList();
    }

    private static ComparisonSide Side(SearchRecord search, IReadOnlyDictionary<Guid, IReadOnlyList<TrialRecord>> trials, double? target)
    {
        var stage = trials[search.Id];
        var outcomes = stage.Select(t => new Search.TrialOutcome(t.Index, SearchDocuments.ReadHyperparameters(t.HyperparametersJson), t.ValidationAccuracy));
        var effort = new List<EffortPoint>();
        var (epochs, best) = (0, (double?)null);
        foreach (var t in stage.Where(t => t.CompletedAt is not null && t.Status != TrialStatus.Cancelled).OrderBy(t => t.CompletedAt))
        {
            epochs += t.EpochsTrained;
            best = t.ValidationAccuracy is { } v && (best is null || v > best) ? v : best;
            effort.Add(new EffortPoint(epochs, search.StartedAt is { } start ? (t.CompletedAt!.Value - start).TotalSeconds : 0, best));
        }

        return new ComparisonSide(ArmName(search), search, ComparisonStatistics.Compute(outcomes, target), stage.Count, epochs, effort);
    }

    // Arms are stored as searches named "<comparison> (<arm>)".
    private static string ArmName(SearchRecord search) =>
        search.Name.EndsWith(')') && search.Name.LastIndexOf(" (", StringComparison.Ordinal) is var open and >= 0
            ? search.Name[(open + 2)..^1]
            : search.Strategy;

    private static string Status(IReadOnlyList<SearchStatus> arms) =>
        arms.All(s => s == SearchStatus.Completed) ? "completed"
        : arms.Any(s => s == SearchStatus.Cancelled) ? "cancelled"
        : arms.Any(s => s == SearchStatus.Failed) ? "failed"
        : arms.All(s => s == SearchStatus.Queued) ? "queued"
        : "running";
}
