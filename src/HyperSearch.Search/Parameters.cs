using HyperSearch.Engine;

namespace HyperSearch.Search;

/// <summary>
/// The parameter registry: every hyperparameter a search can vary, one entry each, in canonical
/// order (<see cref="All"/>). Samplers walk dimensions in this order, so it is part of the
/// reproducibility contract: append entries, never reorder them. Adding a hyperparameter is one entry
/// here (name, kind, default, limits or values, scale, condition, engine binding) plus its engine code
/// and tests; the parser, validator, grid, refiner, engine mapping, docs table and dashboard form follow.
/// </summary>
public static class Parameters
{
    // The lecture's lr = 10^uniform(-6, -3): log by default; λ likewise spans decades.
    public static readonly ParameterDefinition<double> LearningRate = Float(
        "learningRate", 0.01, new(1e-7, 10), "Step size of the optimiser (before decay).", (c, v) => c.Training = c.Training with { LearningRate = v }, ParameterScale.Log);

    public static readonly ParameterDefinition<double> Regularization = Float(
        "regularization", 1e-4, new(0, 10), "L2 strength λ (weight decay on every parameter; the loss includes λ/2·Σw²).", (c, v) => c.Training = c.Training with { Regularization = v }, ParameterScale.Log);

    public static readonly ParameterDefinition<IReadOnlyList<int>> HiddenLayers = new(
        "hiddenLayers", ParameterKind.Layers, new[] { 256 }.AsReadOnly(), "Widths of the hidden layers, input side first; [] is a linear softmax classifier.",
        (c, v) => c.Model = c.Model with { HiddenLayers = v });

    /// <summary>Hidden layers per network (with <see cref="Width"/>: hiddenLayers = depth × [width]); 0 is a linear classifier.</summary>
    public static readonly ParameterDefinition<int> Depth = Derived("depth", 1, new(0, 8), "Number of hidden layers (shorthand: hiddenLayers = depth × [width]).");

    public static readonly ParameterDefinition<int> Width = Derived("width", 256, new(1, 4096), "Units per hidden layer (shorthand: hiddenLayers = depth × [width]).");

    public static readonly ParameterDefinition<string> Activation = Choice(
        "activation", "relu", "Non-linearity of the hidden layers (CS231n lecture 6: use ReLU; try Leaky ReLU / Maxout / ELU; don't use sigmoid).",
        [("relu", Engine.Activation.ReLU), ("leaky_relu", Engine.Activation.LeakyReLU), ("elu", Engine.Activation.ELU), ("tanh", Engine.Activation.Tanh), ("sigmoid", Engine.Activation.Sigmoid), ("maxout", Engine.Activation.Maxout)],
        (c, v) => c.Model = c.Model with { Activation = v });

    public static readonly ParameterDefinition<string> WeightInit = Choice(
        "weightInit", "he", "Initial weights: zeros (every unit computes the same: symmetry never breaks), small_random (0.01·N(0,1)), xavier (N(0,1)/√fan_in), he (N(0,1)·√(2/fan_in)).",
        [("zeros", Engine.WeightInit.Zeros), ("small_random", Engine.WeightInit.SmallRandom), ("xavier", Engine.WeightInit.Xavier), ("he", Engine.WeightInit.He)],
        (c, v) => c.Model = c.Model with { WeightInit = v });

    public static readonly ParameterDefinition<bool> BatchNorm = new(
        "batchNorm", ParameterKind.Bool, false, "Batch normalisation before each hidden activation (Ioffe & Szegedy 2015).",
        (c, v) => c.Model = c.Model with { BatchNorm = v });

    public static readonly ParameterDefinition<string> Optimizer = Choice(
        "optimizer", "sgd_momentum", "The update rule.",
        [("sgd", OptimizerKind.Sgd), ("sgd_momentum", OptimizerKind.SgdMomentum), ("nesterov", OptimizerKind.Nesterov), ("adam", OptimizerKind.Adam)],
        (c, v) => c.Training = c.Training with { Optimizer = v });

    public static readonly ParameterDefinition<int> BatchSize = Int(
        "batchSize", 128, new(1, 4096), "Examples per mini-batch (the last partial batch of an epoch is dropped).", (c, v) => c.Training = c.Training with { BatchSize = v });

    public static readonly ParameterDefinition<double> Dropout = Float(
        "dropout", 0, new(0, 0.9), "Inverted-dropout probability after each hidden activation.", (c, v) => c.Model = c.Model with { Dropout = (float)v });

    public static readonly ParameterDefinition<double> Momentum = Float(
        "momentum", 0.9, new(0, 0.999), "Velocity decay of sgd_momentum and nesterov.", (c, v) => c.Training = c.Training with { Momentum = v },
        condition: When(Optimizer, "sgd_momentum", "nesterov"));

    public static readonly ParameterDefinition<string> LearningRateDecay = Choice(
        "learningRateDecay", "none", "Learning-rate schedule: none, step (× decayRate every epoch) or exponential (× decayRate^epoch).",
        [("none", Engine.LearningRateDecay.None), ("step", Engine.LearningRateDecay.Step), ("exponential", Engine.LearningRateDecay.Exponential)],
        (c, v) => c.Training = c.Training with { Decay = v });

    public static readonly ParameterDefinition<double> DecayRate = Float(
        "decayRate", 0.95, new(0, 1, MinExclusive: true), "Multiplier of the learning-rate decay.", (c, v) => c.Training = c.Training with { DecayRate = v },
        condition: When(LearningRateDecay, "step", "exponential"));

    public static readonly ParameterDefinition<double> LeakySlope = Float(
        "leakySlope", 0.01, new(0, 1, MaxExclusive: true), "Slope of leaky_relu for x < 0.", (c, v) => c.Model = c.Model with { LeakySlope = (float)v },
        condition: When(Activation, "leaky_relu"));

    public static readonly ParameterDefinition<int> MaxoutPieces = Int(
        "maxoutPieces", 2, new(2, 4), "Linear pieces per maxout unit (each adds a full set of weights).", (c, v) => c.Model = c.Model with { MaxoutPieces = v },
        condition: When(Activation, "maxout"));

    public static readonly ParameterDefinition<double> LabelSmoothing = Float(
        "labelSmoothing", 0, new(0, 1, MaxExclusive: true), "Label smoothing ε: cross-entropy against (1−ε)·one-hot + ε/C targets (Szegedy et al. 2016).",
        (c, v) => c.Training = c.Training with { LabelSmoothing = v });

    // Conv blocks (issue 16): each binding rewrites the blocks convBlocks created, so with convBlocks = 0
    // the others touch nothing and an MLP trial is bound exactly as before.
    public static readonly ParameterDefinition<int> ConvBlocks = Int(
        "convBlocks", 0, new(0, 4), "Conv blocks before the hidden layers (image datasets only): conv → [batch norm] → activation → [2×2 max-pool]; 0 is an MLP.",
        (c, v) =>
        {
            if (v > 0)
            {
                c.Model = c.Model with { ConvBlocks = [.. Enumerable.Range(0, v).Select(i => new ConvBlockSpec(32 << i, 3, BatchNorm: false, MaxPool: true))] };
            }
        });

    public static readonly ParameterDefinition<int> Filters = Int(
        "filters", 32, new(4, 256), "Filters of the first conv block; each further block doubles them.",
        (c, v) => MapConvBlocks(c, (b, i) => b with { Filters = v << i }),
        condition: WhenConv());

    // An int, not a choice: odd sizes keep the image size ("same" padding (k − 1) / 2); an even one shrinks it by a pixel per block.
    public static readonly ParameterDefinition<int> KernelSize = Int(
        "kernelSize", 3, new(1, 7), "Square kernel of every conv block (stride 1, padding (k − 1) / 2: \"same\" for odd k; search 3 and 5 as {\"values\": [3, 5]}).",
        (c, v) => MapConvBlocks(c, (b, _) => b with { KernelSize = v }),
        condition: WhenConv());

    public static readonly ParameterDefinition<string> Pooling = Choice(
        "pooling", "max", "After each conv block: max (2×2 max-pool, stride 2: halves height and width) or none.",
        [("max", true), ("none", false)],
        (c, v) => MapConvBlocks(c, (b, _) => b with { MaxPool = v }),
        condition: WhenConv());

    public static readonly ParameterDefinition<bool> ConvBatchNorm = new(
        "convBatchNorm", ParameterKind.Bool, false, "Per-channel batch normalisation (BatchNorm2d) before each conv block's activation.",
        (c, v) => MapConvBlocks(c, (b, _) => b with { BatchNorm = v }))
    {
        Condition = WhenConv(),
    };

    // Augmentation (issue 16): training batches only, image datasets only (the engine needs the rows' image shape).
    public static readonly ParameterDefinition<int> CropPadding = Int(
        "cropPadding", 0, new(0, 8), "Random-crop augmentation (image datasets only): each training image is zero-padded by this many pixels and cropped back at a random offset, i.e. shifted by up to that many pixels; 0 is off.",
        (c, v) => c.Training = c.Training with { CropPadding = v });

    public static readonly ParameterDefinition<bool> HorizontalFlip = new(
        "horizontalFlip", ParameterKind.Bool, false, "Horizontal-flip augmentation (image datasets only): each training image is mirrored left-right with probability 1/2.",
        (c, v) => c.Training = c.Training with { HorizontalFlip = v });

    /// <summary>Every parameter, in canonical order.</summary>
    public static IReadOnlyList<ParameterDefinition> All { get; } = Ordered(
        LearningRate, Regularization, HiddenLayers, Depth, Width, Activation, WeightInit, BatchNorm,
        Optimizer, BatchSize, Dropout, Momentum, LearningRateDecay, DecayRate, LeakySlope, MaxoutPieces, LabelSmoothing,
        ConvBlocks, Filters, KernelSize, Pooling, ConvBatchNorm, CropPadding, HorizontalFlip);

    /// <summary>The parameters a trial stores (all but the <see cref="ParameterDefinition.IsDerived"/> shorthands).</summary>
    public static IReadOnlyList<ParameterDefinition> Stored { get; } = All.Where(p => !p.IsDerived).ToArray().AsReadOnly();

    public static IReadOnlyList<string> Names { get; } = All.Select(p => p.Name).ToArray().AsReadOnly();

    private static readonly Dictionary<string, ParameterDefinition> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out ParameterDefinition definition) => ByName.TryGetValue(name, out definition!);

    public static ParameterDefinition Get(string name) =>
        ByName.TryGetValue(name, out var definition) ? definition : throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown parameter.");

    /// <summary>The known name closest to a misspelt one (edit distance, case-insensitive), if any is close.</summary>
    public static string? Suggest(string name) => Spelling.Closest(name, Names);

    /// <summary>The engine's model and options for one trial: every stored parameter bound in turn.</summary>
    /// <param name="inputShape">The image shape of a row (image datasets); conv blocks and augmentation need it, a plain MLP ignores it.</param>
    public static EngineConfig ToEngine(Hyperparameters hyperparameters, int inputSize, int classes, TrainingOptions training, ImageShape? inputShape = null)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        ArgumentNullException.ThrowIfNull(training);
        var config = new EngineConfig
        {
            Model = new ModelSpec(inputSize, HiddenLayers.Default, classes, Engine.Activation.ReLU, Engine.WeightInit.He, BatchNorm: false),
            Training = training,
        };
        foreach (var parameter in Stored)
        {
            parameter.Bind(config, hyperparameters.Get(parameter.Name)!);
        }

        if (config.Model.ConvBlocks.Count > 0 || config.Training.CropPadding > 0 || config.Training.HorizontalFlip)
        {
            // Only a conv or augmenting model carries the shape, so a plain MLP's spec (and its results) is exactly as before.
            config.Model = config.Model with { InputShape = inputShape };
        }

        return config;
    }

    private static ParameterDefinition<double> Float(
        string name, double defaultValue, ParameterBounds bounds, string description, Action<EngineConfig, double> bind,
        ParameterScale scale = ParameterScale.Linear, ParameterCondition? condition = null) =>
        new(name, ParameterKind.Float, defaultValue, description, bind) { Bounds = bounds, DefaultScale = scale, Condition = condition };

    private static ParameterDefinition<int> Int(
        string name, int defaultValue, ParameterBounds bounds, string description, Action<EngineConfig, int> bind, ParameterCondition? condition = null) =>
        new(name, ParameterKind.Int, defaultValue, description, bind) { Bounds = bounds, Condition = condition };

    private static ParameterDefinition<int> Derived(string name, int defaultValue, ParameterBounds bounds, string description) =>
        new(name, ParameterKind.Int, defaultValue, description, bind: null) { Bounds = bounds, IsDerived = true };

    private static ParameterDefinition<string> Choice<TEngine>(
        string name, string defaultValue, string description, (string Name, TEngine Value)[] choices, Action<EngineConfig, TEngine> bind, ParameterCondition? condition = null)
    {
        var map = choices.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
        return new(name, ParameterKind.String, defaultValue, description, (c, v) => bind(c, map[v]))
        {
            AllowedStrings = choices.Select(c => c.Name).ToArray().AsReadOnly(),
            Condition = condition,
        };
    }

    private static ParameterCondition When(ParameterDefinition parent, params object[] values) => new(parent.Name, values);

    /// <summary>Rewrites every conv block; leaves an MLP's spec untouched (the same instance, so it compares equal).</summary>
    private static void MapConvBlocks(EngineConfig config, Func<ConvBlockSpec, int, ConvBlockSpec> change)
    {
        if (config.Model.ConvBlocks.Count > 0)
        {
            config.Model = config.Model with { ConvBlocks = [.. config.Model.ConvBlocks.Select(change)] };
        }
    }

    private static ParameterCondition WhenConv() => new("convBlocks", [1, 2, 3, 4]);

    private static ParameterDefinition[] Ordered(params ParameterDefinition[] all)
    {
        for (var i = 0; i < all.Length; i++)
        {
            all[i].Order = i;
        }

        return all;
    }
}
