using System.Globalization;
using HyperSearch.Engine;
using HyperSearch.Search;

namespace HyperSearch.Service.Execution;

/// <summary>
/// What the sanity checks tell apart: the network a trial builds, without its training settings (lr, λ,
/// optimiser, dropout…). "conv 32k5 bn pool, 64k5 pool → 256-128 relu he bn" — the same text names the
/// architecture in the search's sanity report and in each trial's detail.
/// </summary>
public static class SanityArchitecture
{
    public static string Describe(ModelSpec m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var dense = m.HiddenLayers.Count == 0 ? "linear" : string.Join("-", m.HiddenLayers.Select(w => w.ToString(CultureInfo.InvariantCulture)));
        var activation = m.Activation switch
        {
            Activation.LeakyReLU => "leaky_relu",
            Activation.ReLU => "relu",
            Activation.ELU => "elu",
            Activation.Tanh => "tanh",
            Activation.Sigmoid => "sigmoid",
            Activation.Maxout => "maxout",
            _ => m.Activation.ToString().ToLowerInvariant(),
        };
        var init = m.WeightInit switch
        {
            WeightInit.SmallRandom => "small_random",
            _ => m.WeightInit.ToString().ToLowerInvariant(),
        };
        var text = $"{dense} {activation} {init}{(m.BatchNorm ? " bn" : "")}";
        if (m.ConvBlocks.Count == 0)
        {
            return text;
        }

        var conv = string.Join(", ", m.ConvBlocks.Select(b => $"{b.Filters}k{b.KernelSize}{(b.BatchNorm ? " bn" : "")}{(b.MaxPool ? " pool" : "")}"));
        return $"conv {conv} → {text}";
    }

    /// <summary>The architecture a trial's hyperparameters build (its text does not depend on the dataset's shape).</summary>
    public static string Describe(Hyperparameters hp) => Describe(EngineMapping.ToEngine(hp, inputSize: 1, classes: 2, epochs: 1, seed: 0).Model);
}
