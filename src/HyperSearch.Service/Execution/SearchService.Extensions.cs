using System.Text.Json;
using HyperSearch.Search;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

// POST /api/searches/{id}/stages, and the warm start of a new search (docs/api.md, "Extending a search").
public sealed partial class SearchService
{
    /// <summary>
    /// Adds one stage to a search. The body is checked as a submit's fields are (400 naming the field); a
    /// cancelled or failed search is a <see cref="SearchConflictException"/>. In one store transaction on the
    /// search row: a completed search gets the stage with its queued trials and runs again; a running one whose
    /// stages have all been planned and have nothing left to run (its Finalize may be under way) gets them too;
    /// otherwise the stage is recorded in the spec and planned by Advance after the current last stage. Null for
    /// an unknown search.
    /// </summary>
    public async Task<SearchRecord?> ExtendAsync(Guid id, JsonElement body, CancellationToken ct)
    {
        var search = await store.GetSearchAsync(id, ct);
        if (search is null)
        {
            return null;
        }

        ThrowIfClosed(search);
        var stages = await store.GetStagesAsync(id, ct);
        var spec = SearchDocuments.ReadSpec(search.SpecJson);
        var errors = new ValidationErrors();
        var last = stages.Count > 0 ? stages[^1] : null;
        var parsed = SearchSpecParser.ParseExtension(body, spec, last?.Trials ?? spec.Trials, last?.Epochs ?? spec.Epochs, Limits, errors);
        if (parsed.Space is { } own)
        {
            var space = ParseSpaceJson(own, errors);
            // The dataset is the search's own (its owner could already train on it): only the new space is checked.
            await datasets.ValidateAsync(spec.Dataset, uploadsOf: null, errors, ct, space);
        }

        errors.ThrowIfAny();

        var planned = new List<TrialRecord>();
        var extension = await store.ExtendSearchAsync(id, (current, currentStages, trials) =>
        {
            ThrowIfClosed(current);
            var currentSpec = SearchDocuments.ReadSpec(current.SpecJson);
            var added = parsed with { Stage = current.StageCount + 1 };
            var previous = currentStages[^1];
            var settled = currentStages.Count == current.StageCount
                && current.Status is SearchStatus.Completed or SearchStatus.Running
                && !trials.Any(t => t.Stage == previous.Stage && t.Status is TrialStatus.Queued or TrialStatus.Running or TrialStatus.Paused);

            // Planned now when it can start now; otherwise planned on the current last stage's space only to
            // size and check it (Advance plans it for real, refined from the best trials at that time).
            var (stage, stageTrials) = planner.PlanExtension(current, currentSpec, added, previous, trials);
            var checks = new ValidationErrors();
            StageScheduling.CheckStage(added.Scheduler ?? Search.Scheduling.SchedulerSpec.None, added.Strategy, stageTrials.Count, "scheduler", checks);
            var total = trials.Count + Unplanned(currentSpec, currentStages.Count, current.StageCount) + stageTrials.Count;
            if (total > Limits.MaxTotalTrials)
            {
                checks.Add(added.Strategy == Core.Strategies.Grid ? "gridPoints" : "trials",
                    $"The search would have {total} trials with this stage; the limit is {Limits.MaxTotalTrials}.");
            }

            checks.ThrowIfAny();
            var stored = added with { Trials = stageTrials.Count };
            var nextSpec = currentSpec with { Extensions = [.. currentSpec.Extensions ?? [], stored] };
            if (!settled)
            {
                return new SearchExtension(SearchDocuments.Write(nextSpec), added.Stage, null, [], Resume: false);
            }

            planned.AddRange(stageTrials);
            return new SearchExtension(SearchDocuments.Write(nextSpec), added.Stage, stage, stageTrials, Resume: current.Status == SearchStatus.Completed);
        }, time.GetUtcNow(), ct);

        if (extension is null)
        {
            return null;
        }

        foreach (var trial in planned)
        {
            queue.RunTrial(trial.Id);
        }

        return await store.GetSearchAsync(id, ct);
    }

    /// <summary>Trials of the stages counted but not yet planned: refined stages to come and recorded added stages.</summary>
    private static int Unplanned(SearchSpec spec, int plannedStages, int stageCount)
    {
        var count = 0;
        for (var stage = plannedStages + 1; stage <= stageCount; stage++)
        {
            count += spec.ExtensionOf(stage)?.Trials ?? spec.Refine?.Trials ?? 0;
        }

        return count;
    }

    private static void ThrowIfClosed(SearchRecord search)
    {
        if (search.Status is SearchStatus.Cancelled or SearchStatus.Failed)
        {
            throw new SearchConflictException(
                $"Search {search.Id} is {(search.Status == SearchStatus.Cancelled ? "cancelled" : "failed")}: only a queued, running or completed search can be extended. Submit a new search with \"warmStart\": {{\"searchId\": \"{search.Id}\"}} to reuse its results.");
        }
    }

    /// <summary>
    /// "warmStart": the earlier search must exist, be one the caller may read (<paramref name="canRead"/>), and
    /// use the same dataset; errors name warmStart.searchId. Returns its trials finished by now.
    /// </summary>
    private async Task<IReadOnlyList<TrialRecord>> CheckWarmStartAsync(SearchSpec spec, Func<SearchRecord, bool> canRead, ValidationErrors errors, CancellationToken ct)
    {
        if (spec.WarmStart is not { } warm)
        {
            return [];
        }

        var earlier = await store.GetSearchAsync(warm.SearchId, ct);
        if (earlier is null || !canRead(earlier))
        {
            errors.Add("warmStart.searchId", $"No search {warm.SearchId} of yours exists to warm-start from.");
            return [];
        }

        if (!string.Equals(earlier.Dataset, spec.Dataset.Name, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("warmStart.searchId", $"Search {warm.SearchId} ran on dataset '{earlier.Dataset}', not '{spec.Dataset.Name}': a warm start needs the same dataset.");
            return [];
        }

        return await WarmStart.TrialsAsync(store, spec, time.GetUtcNow(), ct);
    }

    private static SearchSpace? ParseSpaceJson(JsonElement json, ValidationErrors errors)
    {
        try
        {
            return SearchSpace.Parse(json, "space");
        }
        catch (SearchSpaceException ex)
        {
            errors.AddRange(ex.Errors.Count > 0 ? ex.Errors : new Dictionary<string, string[]> { ["space"] = [ex.Message] });
            return null;
        }
    }
}
