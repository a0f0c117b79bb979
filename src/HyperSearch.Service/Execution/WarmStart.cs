using HyperSearch.Service.Specs;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// The trials a warm-started search learns from: those of its <see cref="WarmStartSpec.SearchId"/> search that
/// had finished (completed, pruned, diverged, failed — not cancelled, not queued or running) when this search was
/// submitted, in the order they finished. Fixed at submission, so a warm-started search replays the same
/// proposals whatever the earlier search did since.
/// </summary>
public static class WarmStart
{
    private const int PageSize = 1000;

    public static async Task<IReadOnlyList<TrialRecord>> TrialsAsync(ISearchStore store, SearchSpec spec, DateTimeOffset submittedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.WarmStart is not { } warm)
        {
            return [];
        }

        var trials = new List<TrialRecord>();
        for (var offset = 0; ; offset += PageSize)
        {
            var page = await store.GetTrialsAsync(warm.SearchId, new TrialQuery(Sort: TrialSort.Index, Offset: offset, Limit: PageSize), ct);
            trials.AddRange(page.Items.Where(t => IsFinished(t) && t.CompletedAt <= submittedAt));
            if (page.Items.Count < PageSize)
            {
                break;
            }
        }

        return trials.OrderBy(t => t.CompletedAt).ThenBy(t => t.Stage).ThenBy(t => t.Index).ToList();
    }

    private static bool IsFinished(TrialRecord t) =>
        t.Status is TrialStatus.Completed or TrialStatus.Pruned or TrialStatus.Diverged or TrialStatus.Failed
        && t.HyperparametersJson != DapperSearchStore.Unproposed
        && t.CompletedAt is not null;
}
