using System.Text.Json;
using HyperSearch.Storage;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// One trial as a point for the dashboard's scatter plots (<c>GET /api/searches/{id}/points</c>): a
/// few numbers instead of the whole trial, so 10,000 trials fit in one cheap response.
/// </summary>
/// <param name="Id">The trial's id (<c>GET /api/trials/{id}</c> has everything else).</param>
/// <param name="Stage">Stage number, from 1 (the coarse stage).</param>
/// <param name="Index">Position of the trial within its stage, from 0.</param>
/// <param name="Status">queued, running, completed, diverged, failed or cancelled.</param>
/// <param name="LearningRate">The trial's <c>hyperparameters.learningRate</c> (null when it has none).</param>
/// <param name="Regularization">The trial's <c>hyperparameters.regularization</c>, the L2 strength λ (null when it has none).</param>
/// <param name="Parameters">Every hyperparameter the search varies (in any stage) that is active in this trial, as stored (numbers, strings, booleans, layer-width arrays); fixed ones are left out. Empty for a TPE trial not yet proposed.</param>
/// <param name="TrainAccuracy">Training accuracy at the end of training; null until the trial finishes (and for diverged or failed trials).</param>
/// <param name="ValidationAccuracy">Validation accuracy of the same model; null until the trial finishes (and for diverged or failed trials).</param>
/// <param name="Overfit">trainAccuracy − validationAccuracy &gt; the search's overfitGap; null while there are no accuracies.</param>
public sealed record TrialPointResponse(
    Guid Id,
    int Stage,
    int Index,
    TrialStatus Status,
    double? LearningRate,
    double? Regularization,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    double? TrainAccuracy,
    double? ValidationAccuracy,
    bool? Overfit)
{
    /// <summary>
    /// Builds a point from one parse of the trial's hyperparameters: the two rates (as numbers, null when the
    /// trial has none) and the <paramref name="varied"/> ones it has.
    /// </summary>
    public static TrialPointResponse From(TrialRecord t, IReadOnlySet<string> varied)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(varied);
        using var doc = JsonDocument.Parse(t.HyperparametersJson);
        var root = doc.RootElement;
        var parameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new TrialPointResponse(t.Id, t.Stage, t.Index, t.Status, null, null, parameters, t.TrainAccuracy, t.ValidationAccuracy, t.Overfit);
        }

        foreach (var p in root.EnumerateObject())
        {
            if (varied.Contains(p.Name))
            {
                parameters[p.Name] = p.Value.Clone();
            }
        }

        return new TrialPointResponse(
            t.Id, t.Stage, t.Index, t.Status, Number(root, "learningRate"), Number(root, "regularization"), parameters, t.TrainAccuracy, t.ValidationAccuracy, t.Overfit);
    }

    private static double? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : null;
}
