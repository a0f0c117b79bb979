using System.Globalization;
using HyperSearch.Search;

namespace HyperSearch.Service.Execution;

/// <summary>
/// What the sanity checks tell apart: the network a trial builds, without its training settings (lr, λ,
/// optimiser, dropout…). "conv 32k5 bn pool, 64k5 pool → 256-128 relu he bn" — the same text names the
/// architecture in the search's sanity report and in each trial's detail.
/// </summary>
public static class SanityArchitecture
{
    /// <summary>
    /// The architecture a trial's hyperparameters build: activation and init by their registry names, the
    /// layers and conv blocks as the engine mapping builds them (its text does not depend on the dataset's shape).
    /// </summary>
    public static string Describe(Hyperparameters hp)
    {
        ArgumentNullException.ThrowIfNull(hp);
        var m = EngineMapping.ToEngine(hp, inputSize: 1, classes: 2, epochs: 1, seed: 0).Model;
        var dense = m.HiddenLayers.Count == 0 ? "linear" : string.Join("-", m.HiddenLayers.Select(w => w.ToString(CultureInfo.InvariantCulture)));
        var text = $"{dense} {hp.Get(Parameters.Activation)} {hp.Get(Parameters.WeightInit)}{(m.BatchNorm ? " bn" : "")}";
        if (m.ConvBlocks.Count == 0)
        {
            return text;
        }

        var conv = string.Join(", ", m.ConvBlocks.Select(b => $"{b.Filters}k{b.KernelSize}{(b.BatchNorm ? " bn" : "")}{(b.MaxPool ? " pool" : "")}"));
        return $"conv {conv} → {text}";
    }
}
