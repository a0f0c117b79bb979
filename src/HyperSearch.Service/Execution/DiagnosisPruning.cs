using System.Globalization;
using HyperSearch.Engine;

namespace HyperSearch.Service.Execution;

/// <summary>
/// A search's "pruneOn" during one leg of a trial: after each epoch it reads the trial's diagnosis so far
/// (epoch 0 and every epoch, earlier legs' included) and names the first listed label that appears, which
/// stops the trial as pruned — e.g. a network whose activations collapse at initialisation ends after epoch 1
/// instead of training its 27 epochs. Only the engine owns the diagnostics that make this possible.
/// </summary>
public sealed class DiagnosisPruning(IReadOnlyList<string> labels, double overfitGap, IReadOnlyList<LayerDiagnostics>? initial, IEnumerable<EpochMetrics> earlier)
{
    private readonly List<EpochMetrics> _epochs = [.. earlier];
    private IReadOnlyList<LayerDiagnostics>? _initial = initial;

    /// <summary>A fresh leg's epoch 0.</summary>
    public void Initialised(IReadOnlyList<LayerDiagnostics> layers) => _initial = layers;

    /// <summary>The pruned trial's reason after <paramref name="epoch"/>, or null to go on.</summary>
    public string? After(EpochMetrics epoch)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        _epochs.Add(epoch);
        var input = new DiagnosisInput(_initial, _epochs, epoch.InitialLoss, Diverged: false, DivergenceReason: null, RanToEnd: false, overfitGap);
        var found = TrainingDiagnosis.Diagnose(input).FirstOrDefault(l => labels.Contains(l.Label));
        return found is null ? null : string.Create(CultureInfo.InvariantCulture, $"pruned on its diagnosis at epoch {epoch.Epoch}: {found.Label} ({found.Evidence})");
    }
}
