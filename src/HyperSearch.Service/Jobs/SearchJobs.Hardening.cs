using HyperSearch.Storage;
using Microsoft.Extensions.Logging;

namespace HyperSearch.Service.Jobs;

// Hardening (issue 12), kept apart from the search steps in SearchJobs.cs: a search that cannot go on
// ends failed with its reason instead of finishing "completed" with nothing, or staying running.
public sealed partial class SearchJobs
{
    /// <summary>
    /// When every trial of the stage failed (its dataset disappeared, the engine threw on every
    /// configuration, every leg crash-looped), refining or finalizing has nothing to work on: the search
    /// ends failed with the first trial's error. True when it did.
    /// </summary>
    private async Task<bool> FailedStageEndedSearchAsync(Guid searchId, int stage, IReadOnlyList<TrialRecord> trials, CancellationToken ct)
    {
        if (trials.Count == 0 || trials.Any(t => t.Status != TrialStatus.Failed))
        {
            return false;
        }

        var first = trials.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t.Error))?.Error ?? "no error was recorded";
        var error = $"Every trial of stage {stage} failed ({trials.Count} of {trials.Count}); the first error: {first}";
        if (await store.FailSearchAsync(searchId, error, time.GetUtcNow(), ct))
        {
            logger.LogError("Search {SearchId} failed: {Error}", searchId, error);
        }

        return true;
    }
}
