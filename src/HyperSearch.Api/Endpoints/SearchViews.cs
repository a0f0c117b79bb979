using System.Text.Json;
using HyperSearch.Api.Contracts;
using HyperSearch.Service.Execution;
using HyperSearch.Storage;

namespace HyperSearch.Api.Endpoints;

/// <summary>Builds the API's read models from the store (shared by the searches and comparisons endpoints).</summary>
public sealed class SearchViews(ISearchStore store)
{
    public async Task<SearchResponse> SearchAsync(SearchRecord s, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var stages = await store.GetStagesAsync(s.Id, ct);
        var counts = await store.GetStatusCountsAsync(s.Id, ct);
        var rungs = await store.GetRungCountsAsync(s.Id, ct);
        var spec = SearchDocuments.ReadSpec(s.SpecJson);
        var top = await store.GetTrialsAsync(s.Id, new TrialQuery(Sort: TrialSort.ValidationAccuracy, Descending: true, Limit: 1), ct);
        var best = top.Items.FirstOrDefault(t => t.ValidationAccuracy is not null);
        var stageViews = stages
            .Select(st => new StageResponse(
                st.Stage, st.Trials, st.Epochs, Parse(st.SpaceJson), Progress(counts.Where(c => c.Stage == st.Stage)), st.CreatedAt,
                Parse(spec.SchedulerOf(st.Stage).ToJsonString()),
                rungs.Where(r => r.Stage == st.Stage).Select(r => new RungResponse(r.Rung, r.Epochs, r.Reached, r.Promoted)).ToList(),
                spec.StrategyOf(st.Stage),
                spec.ExtensionOf(st.Stage) is not null))
            .ToList();
        return new SearchResponse(
            s.Id, s.Name, s.Strategy, s.Status, s.Seed, s.Dataset, s.OverfitGap, s.StageCount,
            stages.Count == 0 ? 1 : stages[^1].Stage,
            Progress(counts),
            stageViews,
            best is null ? null : TrialResponse.From(best),
            s.SanityJson is null ? null : SanityChecksResponse.FromStored(s.SanityJson),
            s.TestAccuracy,
            s.ComparisonId,
            s.CreatedAt,
            s.StartedAt,
            s.CompletedAt,
            WallSeconds(s),
            s.Error,
            Parse(s.SpecJson),
            s.Owner);
    }

    public async Task<SearchSummaryResponse> SummaryAsync(SearchRecord s, CancellationToken ct) => (await SummariesAsync([s], ct))[0];

    /// <summary>Summaries of a page of searches: one status-count query for the page, not one per search.</summary>
    public async Task<IReadOnlyList<SearchSummaryResponse>> SummariesAsync(IReadOnlyList<SearchRecord> searches, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(searches);
        var counts = await store.GetStatusCountsAsync(searches.Select(s => s.Id).ToList(), ct);
        var items = new List<SearchSummaryResponse>(searches.Count);
        foreach (var s in searches)
        {
            // A finished search has its best stored on its row; an active one's best is still moving.
            var best = s.BestValidationAccuracy;
            if (s.Status is SearchStatus.Running or SearchStatus.Queued)
            {
                var top = await store.GetTrialsAsync(s.Id, new TrialQuery(Sort: TrialSort.ValidationAccuracy, Descending: true, Limit: 1), ct);
                best = top.Items.FirstOrDefault()?.ValidationAccuracy ?? best;
            }

            items.Add(new SearchSummaryResponse(s.Id, s.Name, s.Strategy, s.Status, s.Dataset, Progress(counts[s.Id]), best, s.TestAccuracy, s.ComparisonId, s.CreatedAt, s.CompletedAt, s.Owner, s.Error));
        }

        return items;
    }

    public static double? WallSeconds(SearchRecord s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.StartedAt is null)
        {
            return null;
        }

        var end = s.CompletedAt ?? DateTimeOffset.UtcNow;
        return (end - s.StartedAt.Value).TotalSeconds;
    }

    public static ProgressResponse Progress(IEnumerable<StatusCount> counts)
    {
        int Of(TrialStatus st) => counts.Where(c => c.Status == st).Sum(c => c.Count);
        var total = counts.Sum(c => c.Count);
        var queued = Of(TrialStatus.Queued);
        var running = Of(TrialStatus.Running);
        var paused = Of(TrialStatus.Paused);
        var done = total - queued - running - paused;
        return new ProgressResponse(
            total, queued, running, Of(TrialStatus.Completed), Of(TrialStatus.Diverged), Of(TrialStatus.Failed), Of(TrialStatus.Cancelled),
            total == 0 ? 0 : (double)done / total, paused, Of(TrialStatus.Pruned));
    }

    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }
}
