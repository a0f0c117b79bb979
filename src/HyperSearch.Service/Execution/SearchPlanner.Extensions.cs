using HyperSearch.Search;
using HyperSearch.Service.Specs;
using HyperSearch.Storage;

namespace HyperSearch.Service.Execution;

// Stages added to a search after it was submitted (POST /api/searches/{id}/stages), and the refinement that
// reads more than one stage's trials (an added stage's, a warm start's).
public sealed partial class SearchPlanner
{
    /// <summary>
    /// The rows of added stage <paramref name="extension"/>: from its own space, or else the previous stage's
    /// space refined (<see cref="Refiner"/>, as coarse → fine does) around the best of <paramref name="trials"/> —
    /// every trial of the search so far. Errors name the request's fields ("space.…", "gridPoints").
    /// </summary>
    public (StageRecord Stage, IReadOnlyList<TrialRecord> Trials) PlanExtension(
        SearchRecord search, SearchSpec spec, StageExtension extension, StageRecord previous, IReadOnlyList<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(extension);
        ArgumentNullException.ThrowIfNull(previous);
        var space = ExtensionSpace(extension, previous, trials);
        return PlanStage(
            search.Id, search.Seed, extension.Strategy, extension.Stage, space, extension.Trials, extension.GridPoints, extension.Epochs,
            firstLegEpochs: StageScheduling.FirstLegEpochs(extension.Scheduler ?? Search.Scheduling.SchedulerSpec.None), tpe: spec.TpeOptions,
            gridPointsField: "gridPoints");
    }

    /// <summary>The added stage's space: its own, or the previous stage's refined around the search's best trials.</summary>
    public static SearchSpace ExtensionSpace(StageExtension extension, StageRecord previous, IReadOnlyList<TrialRecord> trials)
    {
        ArgumentNullException.ThrowIfNull(extension);
        ArgumentNullException.ThrowIfNull(previous);
        return extension.Space is { } own
            ? SearchSpace.Parse(own, "space")
            : Refine(SearchSpace.Parse(previous.SpaceJson, "space"), trials, extension.TopK);
    }

    /// <summary>
    /// Coarse → fine over several stages' (or searches') trials: the scored ones, numbered in the order given
    /// (ties go to the earlier), feed <see cref="Refiner.Refine"/>.
    /// </summary>
    public static SearchSpace Refine(SearchSpace space, IEnumerable<TrialRecord> trials, int topK)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trials);
        var outcomes = trials
            .Where(t => t.ValidationAccuracy is not null && t.HyperparametersJson != DapperSearchStore.Unproposed)
            .Select((t, i) => new Search.TrialOutcome(i, SearchDocuments.ReadHyperparameters(t.HyperparametersJson), t.ValidationAccuracy))
            .ToList();
        return Refiner.Refine(space, outcomes, RefineOptions.Default with { TopK = topK }).Space;
    }
}
