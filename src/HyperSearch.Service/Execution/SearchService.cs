using System.Text.Json;
using HyperSearch.Search;
using HyperSearch.Search.Tpe;
using HyperSearch.Service.Jobs;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

/// <summary>
/// What the REST API asks of the service: validate a spec completely (nothing is stored when any
/// field is wrong), plan stage 1, store the search with its queued trials in one transaction, then
/// enqueue its Start job. Comparisons store two searches (random and grid) on the same space, split,
/// seed and budget.
/// </summary>
public sealed partial class SearchService(
    ISearchStore store,
    SearchPlanner planner,
    DatasetProvider datasets,
    IJobQueue queue,
    TrialCancellation cancellation,
    TimeProvider time)
{
    public SpecLimits Limits { get; } = SpecLimits.Default;

    /// <param name="owner">Whom the search belongs to (the caller's API key owner); null when access control is off.</param>
    /// <param name="uploadsOf">Whose uploaded datasets the spec may name: null for any (admins, access control off), else only that owner's.</param>
    /// <param name="canRead">Whether the caller may read a search (a warm start's): by default, when it is the owner's (or access control is off).</param>
    public async Task<SearchRecord> CreateSearchAsync(JsonElement body, string? owner, string? uploadsOf, CancellationToken ct, Func<SearchRecord, bool>? canRead = null)
    {
        var errors = new ValidationErrors();
        var spec = SearchSpecParser.Parse(body, Limits, errors);
        var space = ParseSpace(spec, errors);
        await datasets.ValidateAsync(spec.Dataset, uploadsOf, errors, ct, space, spec.StageCount);
        var warm = await CheckWarmStartAsync(spec, canRead ?? (s => owner is null || s.Owner == owner), errors, ct);
        errors.ThrowIfAny();
        await CheckActiveLimitAsync(1, owner, ct);

        var id = Guid.NewGuid();
        var scheduler = spec.SchedulerOf(1);
        var (stage, trials) = planner.PlanStage(id, spec.Seed, spec.Strategy, 1, space!, spec.Trials, spec.GridPoints, spec.Epochs, firstLegEpochs: StageScheduling.FirstLegEpochs(scheduler), tpe: spec.TpeOptions, history: warm.Count);
        StageScheduling.CheckStage(scheduler, spec.Strategy, trials.Count, "scheduler", errors);
        if (spec.Refine is { } refine && spec.Strategy != Samplers.Grid && spec.StageCount > 1)
        {
            StageScheduling.CheckStage(spec.SchedulerOf(2), spec.Strategy, refine.Trials, refine.Scheduler == spec.Scheduler ? "scheduler" : "refine.scheduler", errors);
        }

        errors.ThrowIfAny();
        var stored = spec with { Trials = trials.Count };
        var search = NewSearch(id, stored, spec.Strategy, null, owner);
        // The limit is counted in the inserting transaction, so concurrent submissions cannot both pass it.
        if (!await store.TryCreateSearchAsync(search, stage, trials, Limits.MaxActiveSearches, ct))
        {
            await ThrowActiveLimitAsync(1, owner, ct);
        }

        queue.StartSearch(id);
        return search;
    }

    /// <param name="uploadsOf">As for <see cref="CreateSearchAsync"/>.</param>
    public async Task<(ComparisonRecord Comparison, SearchRecord Random, SearchRecord Grid)> CreateComparisonAsync(JsonElement body, string? owner, string? uploadsOf, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var spec = SearchSpecParser.Parse(body, Limits, errors, forComparison: true);
        var budget = SearchSpecParser.Budget(body);
        var arms = ComparisonArmsParser.Parse(body, spec.Epochs, errors);
        var space = ParseSpace(spec, errors);
        await datasets.ValidateAsync(spec.Dataset, uploadsOf, errors, ct, space);
        errors.ThrowIfAny();

        // Equal budgets: random draws `budget` points; the grid takes the largest grid that fits in it.
        GridAllocation grid;
        try
        {
            grid = EqualBudget.ForGrid(space!, budget, SearchPlanner.Limits.MaxGridSize);
        }
        catch (SearchSpaceException ex)
        {
            throw new SpecValidationException(new Dictionary<string, string[]> { ["budget"] = [ex.Errors.Count > 0 ? ex.Errors.First().Value[0] : ex.Message] });
        }

        await CheckActiveLimitAsync(2 + arms.Count, owner, ct);

        var comparisonId = Guid.NewGuid();
        var randomId = Guid.NewGuid();
        var gridId = Guid.NewGuid();
        var firstLeg = StageScheduling.FirstLegEpochs(spec.SchedulerOf(1));
        var (randomStage, randomTrials) = planner.PlanStage(randomId, spec.Seed, Samplers.Random, 1, space!, budget, null, spec.Epochs, firstLegEpochs: firstLeg);
        var (gridStage, gridTrials) = planner.PlanStage(gridId, spec.Seed, Samplers.Grid, 1, space!, 0, 1, spec.Epochs, grid.PointsPerParameter, firstLeg);
        StageScheduling.CheckStage(spec.SchedulerOf(1), Samplers.Grid, gridTrials.Count, "scheduler", errors);
        errors.ThrowIfAny();

        var randomSpec = spec with { Name = $"{spec.Name} (random)", Strategy = Samplers.Random, Trials = randomTrials.Count, GridPoints = null };
        var gridSpec = spec with { Name = $"{spec.Name} (grid)", Strategy = Samplers.Grid, Trials = gridTrials.Count, GridPoints = null, GridPointsPerParameter = grid.PointsPerParameter };
        var random = NewSearch(randomId, randomSpec, Samplers.Random, comparisonId, owner);
        var gridSearch = NewSearch(gridId, gridSpec, Samplers.Grid, comparisonId, owner);
        var searches = new List<(SearchRecord, StageRecord, IReadOnlyList<TrialRecord>)> { (random, randomStage, randomTrials), (gridSearch, gridStage, gridTrials) };
        for (var i = 0; i < arms.Count; i++)
        {
            searches.Add(PlanArm(arms[i], $"arms[{i}]", spec, space!, budget, comparisonId, owner, errors));
        }

        errors.ThrowIfAny();
        var comparison = new ComparisonRecord(comparisonId, spec.Name, budget, SearchDocuments.Write(spec), randomId, gridId, time.GetUtcNow(), owner);
        if (!await store.TryCreateComparisonAsync(comparison, searches, Limits.MaxActiveSearches, ct))
        {
            await ThrowActiveLimitAsync(searches.Count, owner, ct);
        }

        foreach (var (search, _, _) in searches)
        {
            queue.StartSearch(search.Id);
        }
        return (comparison, random, gridSearch);
    }

    /// <summary>
    /// An added arm on the same space, split and seed as random and grid, with the same compute: random's
    /// budget × epochs. An ASHA arm trains within exactly that (its epochBudget) and may start up to twice the
    /// configurations synchronous halving would on it (so configurations that diverge at once leave no budget
    /// unspent); a median arm starts as many as random.
    /// </summary>
    private (SearchRecord, StageRecord, IReadOnlyList<TrialRecord>) PlanArm(
        ComparisonArm arm, string path, SearchSpec spec, SearchSpace space, int budget, Guid comparisonId, string? owner, ValidationErrors errors)
    {
        var scheduler = arm.Scheduler;
        if (arm.Scheduler is Search.Scheduling.AshaSpec asha)
        {
            var epochs = budget * spec.Epochs;
            if (epochs < asha.EpochsToReachTop)
            {
                // Planned unbudgeted only to report every error at once: the comparison is refused below.
                errors.Add("budget", Search.Scheduling.AshaSpec.ReachTopMessage(
                    $"The comparison's budget ({budget} trials × {spec.Epochs} epochs = {epochs} epochs) for {path}", asha.MinEpochs, asha.MaxEpochs, asha.Reduction, asha.EpochsToReachTop));
            }
            else
            {
                scheduler = asha.WithEpochBudget(epochs, $"{path}.scheduler");
            }
        }

        var configurations = scheduler is Search.Scheduling.AshaSpec { EpochBudget: not null } budgeted
            ? StageScheduling.ConfigurationsUnderBudget(budgeted, Limits.MaxTrialsPerStage)
            : budget;
        var id = Guid.NewGuid();
        var (stage, trials) = planner.PlanStage(id, spec.Seed, arm.Strategy, 1, space, configurations, null, spec.Epochs, firstLegEpochs: StageScheduling.FirstLegEpochs(scheduler), tpe: TpeOptions.Default);
        StageScheduling.CheckStage(scheduler, arm.Strategy, trials.Count, $"{path}.scheduler", errors);
        var armSpec = spec with { Name = $"{spec.Name} ({arm.Name})", Strategy = arm.Strategy, Trials = trials.Count, GridPoints = null, Scheduler = scheduler };
        return (NewSearch(id, armSpec, arm.Strategy, comparisonId, owner), stage, trials);
    }

    /// <summary>Cancels a search: queued trials are dequeued (cancelled), running ones stop at their next batch.</summary>
    public async Task<SearchRecord?> CancelAsync(Guid id, CancellationToken ct)
    {
        var search = await store.GetSearchAsync(id, ct);
        if (search is null)
        {
            return null;
        }

        // One transaction for the search and its trials; a repeated cancel settles what a half-done one left open.
        if (await store.CancelSearchAsync(id, time.GetUtcNow(), ct))
        {
            cancellation.Cancel(id);
        }

        return await store.GetSearchAsync(id, ct);
    }

    private static SearchSpace? ParseSpace(SearchSpec spec, ValidationErrors errors)
    {
        try
        {
            return SearchPlanner.ParseSpace(spec);
        }
        catch (SearchSpaceException ex)
        {
            errors.AddRange(ex.Errors.Count > 0 ? ex.Errors : new Dictionary<string, string[]> { ["space"] = [ex.Message] });
            return null;
        }
    }

    /// <summary>The limit is per owner: one key's holder cannot take every slot from the others.</summary>
    private async Task CheckActiveLimitAsync(int adding, string? owner, CancellationToken ct)
    {
        var active = (await store.ListActiveSearchesAsync(ct)).Count(s => owner is null || s.Owner == owner);
        if (active + adding > Limits.MaxActiveSearches)
        {
            throw SpecValidationException.For(
                "searches",
                $"{active} of your searches are queued or running; at most {Limits.MaxActiveSearches} may be. Wait for one to finish or cancel one.");
        }
    }

    /// <summary>The atomic check in the store refused: report it as the service's own check words it.</summary>
    private async Task ThrowActiveLimitAsync(int adding, string? owner, CancellationToken ct)
    {
        await CheckActiveLimitAsync(adding, owner, ct);
        throw SpecValidationException.For(
            "searches",
            $"Queued and running searches reached the limit of {Limits.MaxActiveSearches} as this one was stored. Wait for one to finish or cancel one.");
    }

    private SearchRecord NewSearch(Guid id, SearchSpec spec, string strategy, Guid? comparisonId, string? owner) =>
        new(id, spec.Name, strategy, SearchStatus.Queued, SearchDocuments.Write(spec), spec.Seed, spec.Dataset.Name,
            spec.OverfitGap, spec.StageCount, comparisonId, time.GetUtcNow(), Owner: owner);
}
