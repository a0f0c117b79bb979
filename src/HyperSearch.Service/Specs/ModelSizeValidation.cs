using System.Globalization;
using HyperSearch.Engine;
using HyperSearch.Search;

namespace HyperSearch.Service.Specs;

/// <summary>
/// The per-trial model-size cap, checked at submit (issue 12, bounded work): the largest model any stage
/// of the spec can draw on the dataset — its parameter count, and the bytes of its weights and gradients,
/// optimiser state and training activations at the batch size (<see cref="ModelFootprint"/>) — must stay
/// within <see cref="ModelSizeLimits"/>. A breach is a 400 naming the space field that drives the size,
/// with the computed figures, instead of a trial that exhausts the worker's memory.
/// </summary>
/// <remarks>
/// The size grows with every width, depth, filter count, maxout piece, batch size, batch norm and
/// dropout, so those take their largest value; it does not grow monotonically with conv blocks, kernel
/// size and pooling (a pool shrinks the dense input), so those, the layer lists and the activations are
/// enumerated. Refined stages may move an integer range past its upper edge (by
/// <see cref="RefineOptions.EdgeExtension"/> of its span per stage, within the hard limits), so ranges are
/// widened as far as the spec's stages can take them (the upper end by that share of the span per stage, the lower end held); choices and layer lists never grow.
/// </remarks>
public static class ModelSizeValidation
{
    public static void Check(SearchSpace? space, int stages, int inputSize, int classes, ImageShape? shape, ModelSizeLimits limits, ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (space is null)
        {
            return;
        }

        var refinements = Math.Max(0, stages - 1);
        IReadOnlyList<object> Values(ParameterDefinition p) => Candidates(space.Find(p.Name), p, refinements);

        // The monotone ones at their largest.
        var width = Values(Parameters.Width).Max(Convert.ToInt32);
        var depth = Values(Parameters.Depth).Max(Convert.ToInt32);
        IReadOnlyList<object> layerLists = space.Find(Parameters.Depth.Name) is not null || space.Find(Parameters.Width.Name) is not null
            ? [Enumerable.Repeat(width, depth).ToArray()]
            : Values(Parameters.HiddenLayers);
        var batchSize = Values(Parameters.BatchSize).Max(Convert.ToInt32);
        var filters = Values(Parameters.Filters).Max(Convert.ToInt32);
        var pieces = Values(Parameters.MaxoutPieces).Max(Convert.ToInt32);
        var dropout = Values(Parameters.Dropout).Max(Convert.ToDouble);
        var batchNorm = Values(Parameters.BatchNorm).Any(v => v is true);
        var convBatchNorm = Values(Parameters.ConvBatchNorm).Any(v => v is true);
        var optimizer = Values(Parameters.Optimizer).Cast<string>().MaxBy(o => ModelFootprint.OptimizerSlots(Optimizer(o)))!;

        var largest = Hyperparameters.Default
            .With(Parameters.BatchSize, batchSize).With(Parameters.Dropout, dropout).With(Parameters.BatchNorm, batchNorm).With(Parameters.Optimizer, optimizer);

        (Hyperparameters H, ModelFootprint F)? mostParameters = null;
        (Hyperparameters H, ModelFootprint F)? mostBytes = null;
        foreach (var layers in layerLists)
        {
            foreach (var activation in Values(Parameters.Activation).Cast<string>().Distinct())
            {
                foreach (var blocks in Values(Parameters.ConvBlocks).Select(Convert.ToInt32).Distinct())
                {
                    foreach (var kernel in blocks == 0 ? [Parameters.KernelSize.Default] : Values(Parameters.KernelSize).Select(Convert.ToInt32).Distinct())
                    {
                        foreach (var pooling in blocks == 0 ? [Parameters.Pooling.Default] : Values(Parameters.Pooling).Cast<string>().Distinct())
                        {
                            // Parents first: a conditional parameter set while its condition fails is dropped.
                            var h = largest.With(Parameters.HiddenLayers, (IReadOnlyList<int>)layers).With(Parameters.Activation, activation).With(Parameters.ConvBlocks, blocks)
                                .With(Parameters.MaxoutPieces, pieces).With(Parameters.Filters, filters).With(Parameters.KernelSize, kernel).With(Parameters.Pooling, pooling)
                                .With(Parameters.ConvBatchNorm, convBatchNorm);
                            var config = Parameters.ToEngine(h, inputSize, classes, new TrainingOptions(), shape);
                            ModelFootprint footprint;
                            try
                            {
                                footprint = ModelFootprint.Estimate(config.Model, config.Training.Optimizer, config.Training.BatchSize);
                            }
                            catch (ArgumentException)
                            {
                                continue; // a combination the engine refuses (maxout with conv blocks, a stack below 1x1): reported elsewhere, never trained
                            }

                            if (mostParameters is null || footprint.Parameters > mostParameters.Value.F.Parameters)
                            {
                                mostParameters = (h, footprint);
                            }

                            if (mostBytes is null || footprint.TotalBytes > mostBytes.Value.F.TotalBytes)
                            {
                                mostBytes = (h, footprint);
                            }
                        }
                    }
                }
            }
        }

        var where = stages > 1 ? $"in any of its {stages} stages (refined integer ranges can move past their upper edges)" : "";
        if (mostParameters is { } p && p.F.Parameters > limits.MaxParameters)
        {
            errors.Add(ArchitectureField(space, p.F), string.Create(
                CultureInfo.InvariantCulture,
                $"The largest model this space can draw{Prefix(where)} ({Describe(p.H)}) has {p.F.Parameters:N0} parameters, over the per-trial limit of {limits.MaxParameters:N0} (HyperSearch__MaxTrialParameters); use narrower or fewer layers or filters."));
            return;
        }

        if (mostBytes is { } m && m.F.TotalBytes > limits.MaxBytes)
        {
            var field = m.F.ActivationBytes >= m.F.WeightBytes + m.F.OptimizerBytes && space.Find(Parameters.BatchSize.Name) is not null
                ? $"space.{Parameters.BatchSize.Name}"
                : ArchitectureField(space, m.F);
            var h = m.H;
            errors.Add(field, string.Create(
                CultureInfo.InvariantCulture,
                $"The largest model this space can draw{Prefix(where)} ({Describe(h)}) needs {m.F.TotalBytes:N0} bytes per trial: weights and gradients {m.F.WeightBytes:N0} ({m.F.Parameters:N0} parameters), {h.Get(Parameters.Optimizer)} state {m.F.OptimizerBytes:N0}, activations at batch size {h.Get(Parameters.BatchSize)} {m.F.ActivationBytes:N0}; over the per-trial limit of {limits.MaxBytes:N0} bytes (HyperSearch__MaxTrialMemoryBytes). Use a smaller batch size or model."));
        }
    }

    private static string Prefix(string where) => where.Length == 0 ? "" : " " + where;

    /// <summary>The space field that makes the model big: the conv parameters when they hold most weights, otherwise the dense layers.</summary>
    private static string ArchitectureField(SearchSpace space, ModelFootprint footprint)
    {
        string[] conv = [Parameters.Filters.Name, Parameters.ConvBlocks.Name, Parameters.KernelSize.Name];
        string[] dense = [Parameters.HiddenLayers.Name, Parameters.Width.Name, Parameters.Depth.Name, Parameters.MaxoutPieces.Name, Parameters.Activation.Name];
        var order = 2 * footprint.ConvParameters > footprint.Parameters ? conv.Concat(dense) : dense.Concat(conv);
        return "space." + (order.FirstOrDefault(n => space.Find(n) is not null) ?? Parameters.HiddenLayers.Name);
    }

    private static string Describe(Hyperparameters h)
    {
        var layers = h.Get(Parameters.HiddenLayers);
        var text = $"hiddenLayers [{string.Join(", ", layers)}], activation {h.Get(Parameters.Activation)}";
        if (h.Get(Parameters.Activation) == "maxout")
        {
            text += $" × {h.Get(Parameters.MaxoutPieces)} pieces";
        }

        if (h.Get(Parameters.ConvBlocks) is var blocks and > 0)
        {
            text += $", {blocks} conv blocks from {h.Get(Parameters.Filters)} filters, kernel {h.Get(Parameters.KernelSize)}, pooling {h.Get(Parameters.Pooling)}";
        }

        return text + $", batchSize {h.Get(Parameters.BatchSize)}, optimizer {h.Get(Parameters.Optimizer)}";
    }

    private static OptimizerKind Optimizer(string name) => Parameters.ToEngine(Hyperparameters.Default.With(Parameters.Optimizer, name), 1, 2, new TrainingOptions()).Training.Optimizer;

    /// <summary>Every value a distribution can draw in any stage (integer ranges as far as refinement can stretch them), or the default when the space leaves it out.</summary>
    private static IReadOnlyList<object> Candidates(Distribution? distribution, ParameterDefinition parameter, int refinements) => distribution switch
    {
        null => [parameter.Default],
        CategoricalDistribution c => c.Choices,
        PerChoiceDistribution perChoice => perChoice.Cases.SelectMany(c => Candidates(c.Value, parameter, refinements)).ToList(),
        IntDistribution i => IntRange(i, parameter, refinements),
        FloatDistribution f => [f.Min, f.Max],
        _ => [parameter.Default],
    };

    private static List<object> IntRange(IntDistribution range, ParameterDefinition parameter, int refinements)
    {
        var ceiling = parameter.Bounds is { } bounds ? (int)Math.Floor(bounds.MaxExclusive ? bounds.Max - 1 : bounds.Max) : int.MaxValue;
        var log = range.Scale == ParameterScale.Log;
        double a = log ? Math.Log(range.Min) : range.Min, b = log ? Math.Log(range.Max) : range.Max;
        var extension = RefineOptions.Default.EdgeExtension;
        var max = range.Max;
        for (var stage = 0; stage < refinements && max < ceiling; stage++)
        {
            // The furthest a refined stage reaches: the best at the upper edge moves it up by that share of the
            // span, while the lower end stays at best where it was (it only drops when the best is at the lower edge).
            b += extension * (b - a);
            max = (int)Math.Min(ceiling, Math.Ceiling(log ? Math.Exp(b) : b));
        }

        // Small ranges (conv blocks, kernel sizes) are listed whole; for the rest only the largest value matters.
        return max - range.Min <= 16
            ? Enumerable.Range(range.Min, max - range.Min + 1).Cast<object>().ToList()
            : [range.Min, max];
    }
}
