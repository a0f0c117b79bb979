using System.Text;
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
    /// <summary>Builds a point: the two rates, and the <paramref name="varied"/> hyperparameters the trial has.</summary>
    public static TrialPointResponse From(TrialRecord t, IReadOnlySet<string> varied)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(varied);
        var (learningRate, regularization) = ReadRates(t.HyperparametersJson);
        return new TrialPointResponse(t.Id, t.Stage, t.Index, t.Status, learningRate, regularization, ReadVaried(t.HyperparametersJson, varied), t.TrainAccuracy, t.ValidationAccuracy, t.Overfit);
    }

    internal static Dictionary<string, JsonElement> ReadVaried(string json, IReadOnlySet<string> varied)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (varied.Count == 0)
        {
            return values;
        }

        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return values;
        }

        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (varied.Contains(p.Name))
            {
                values[p.Name] = p.Value.Clone();
            }
        }

        return values;
    }

    /// <summary>
    /// Scans the hyperparameters object once with a forward-only reader and keeps
    /// <c>learningRate</c> and <c>regularization</c>; nested values (hidden layers, …) are skipped.
    /// </summary>
    internal static (double? LearningRate, double? Regularization) ReadRates(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return (null, null);
        }

        double? learningRate = null, regularization = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isLearningRate = reader.ValueTextEquals("learningRate"u8);
            var isRegularization = !isLearningRate && reader.ValueTextEquals("regularization"u8);
            reader.Read();
            if ((isLearningRate || isRegularization) && reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value))
            {
                if (isLearningRate)
                {
                    learningRate = value;
                }
                else
                {
                    regularization = value;
                }

                if (learningRate is not null && regularization is not null)
                {
                    break;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return (learningRate, regularization);
    }
}
