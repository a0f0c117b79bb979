using System.Text.Json;
using HyperSearch.Service.Execution;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// A range test's result: the settings it ran with (the seed drawn when none was given; the model's every
/// hyperparameter, defaults included), one point per mini-batch trained, the suggestion, and whether (and
/// why) it stopped early because the loss blew up.
/// </summary>
public sealed record LearningRateFinderResponse(
    int Seed,
    double MinLr,
    double MaxLr,
    int Steps,
    int TrainRows,
    JsonElement Hyperparameters,
    IReadOnlyList<LearningRatePointResponse> Points,
    LearningRateSuggestionResponse Suggestion,
    bool Diverged,
    string? DivergenceReason)
{
    public static LearningRateFinderResponse From(LearningRateFinderRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (spec, result, s) = (run.Spec, run.Result, run.Result.Suggestion);
        using var hyperparameters = JsonDocument.Parse(SearchDocuments.Write(run.Hyperparameters));
        return new LearningRateFinderResponse(
            spec.Seed, spec.MinLearningRate, spec.MaxLearningRate, spec.Steps, run.TrainRows, hyperparameters.RootElement.Clone(),
            result.Points.Select(p => new LearningRatePointResponse(p.LearningRate, WireNumbers.Finite(p.Loss), WireNumbers.Finite(p.SmoothedLoss))).ToList(),
            new LearningRateSuggestionResponse(s.LearningRate, s.Min, s.Max, s.Steepest, s.Minimum, s.DivergedAt, s.Falling),
            result.Diverged, result.DivergenceReason);
    }
}
