using HyperSearch.Search;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// Comparisons as the API shows them. A page of comparisons costs four queries whatever its length
/// (the comparisons, their arms' searches, those searches' trials and rungs), not four per comparison.
/// </summary>
public sealed class ComparisonQueries(ISearchStore store)
{
    public async Task<ComparisonView?> GetAsync(Guid id, double? target, CancellationToken ct)
    {
        var comparison = await store.GetComparisonAsync(id, ct);
        return comparison is null ? null : (await ViewsAsync([comparison], target, ct))[0];
    }

    /// <param name="owner">Only this owner's comparisons; null: every comparison.</param>
    public async Task<Page<ComparisonView>> ListAsync(string? owner, int offset, int limit, CancellationToken ct)
    {
        var page = await store.ListComparisonsAsync(owner, offset, limit, ct);
        return new Page<ComparisonView>(await ViewsAsync(page.Items, null, ct), page.Total, page.Offset, page.Limit);
    }

    public async Task<IReadOnlyList<ComparisonView>> ViewsAsync(IReadOnlyList<ComparisonRecord> comparisons, double? target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var arms = await store.GetComparisonSearchesAsync(comparisons.Select(c => c.Id).ToList(), ct);
        var searchIds = arms.Values.SelectMany(a => a).Select(s => s.Id).ToList();
        var trials = await store.GetStageTrialsAsync(searchIds, 1, ct);
        var rungs = await store.GetRungsReachedAsync(searchIds, ct);
        return comparisons.Select(c =>
        {
            var searches = arms[c.Id];
            var random = Side(searches.Single(s => s.Id == c.RandomSearchId), trials, rungs, target);
            var grid = Side(searches.Single(s => s.Id == c.GridSearchId), trials, rungs, target);
            var all = new[] { random, grid }.Concat(searches.Where(s => s.Id != c.RandomSearchId && s.Id != c.GridSearchId).Select(s => Side(s, trials, rungs, target))).ToList();
            return new ComparisonView(c, Status(all.Select(a => a.Search.Status).ToList()), random, grid, all);
        }).ToList();
    }

    private static ComparisonSide Side(
        SearchRecord search, IReadOnlyDictionary<Guid, IReadOnlyList<TrialRecord>> trials, IReadOnlyDictionary<Guid, IReadOnlyList<RungReached>> rungs, double? target)
    {
        var stage = trials[search.Id];
        var outcomes = stage.Select(t => new Search.TrialOutcome(t.Index, SearchDocuments.ReadHyperparameters(t.HyperparametersJson), t.ValidationAccuracy));

        // Compute is counted when it is spent: at each rung a trial reaches (ASHA) and when it ends, so an
        // ASHA arm's many short rung-0 legs count as they happen, not when the stage settles them.
        var events = rungs[search.Id].Select(r => (r.TrialId, r.Epochs, Accuracy: double.IsFinite(r.Objective) ? r.Objective : (double?)null, At: r.ReachedAt))
            .Concat(stage.Where(t => t.CompletedAt is not null && t.Status != TrialStatus.Cancelled).Select(t => (TrialId: t.Id, Epochs: t.EpochsTrained, Accuracy: t.ValidationAccuracy, At: t.CompletedAt!.Value)))
            .OrderBy(e => e.At).ThenBy(e => e.Epochs);
        var accounted = new Dictionary<Guid, int>();
        var effort = new List<EffortPoint>();
        var (epochs, best) = (0, (double?)null);
        foreach (var e in events)
        {
            var spent = e.Epochs - accounted.GetValueOrDefault(e.TrialId);
            var improves = e.Accuracy is { } v && (best is null || v > best);
            if (spent <= 0 && !improves)
            {
                continue; // a pruned trial's settle spends nothing beyond its last rung
            }

            accounted[e.TrialId] = Math.Max(e.Epochs, accounted.GetValueOrDefault(e.TrialId));
            epochs += Math.Max(spent, 0);
            best = improves ? e.Accuracy : best;
            effort.Add(new EffortPoint(epochs, search.StartedAt is { } start ? (e.At - start).TotalSeconds : 0, best));
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
