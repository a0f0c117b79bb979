using HyperSearch.Core;

namespace HyperSearch.Engine;

/// <summary>
/// Everything a run carries from one epoch to the next, and so exactly what a
/// <see cref="TrainingCheckpoint"/> holds: the model's parameters and batch-norm running averages, the
/// optimiser's buffers and step count, the batch-order, dropout and augmentation streams (with the
/// permutation the first shuffles in place), the initial loss the divergence rule compares with, and the counters.
/// What else a run uses is per batch (the workspace), per epoch (running loss, update ratios) or a pure
/// function of the seed (the train-evaluation rows), so a resumed run rebuilds it rather than saving it.
/// </summary>
internal sealed class TrainingState
{
    internal TrainingState(TrainingOptions options, TrainingData train, Model model, Optimizer optimizer, Rng batchOrder, Rng dropout, Rng augmentation, int[] order)
    {
        Options = options;
        Train = train;
        Model = model;
        Optimizer = optimizer;
        BatchOrder = batchOrder;
        Dropout = dropout;
        Augmentation = augmentation;
        Order = order;
    }

    /// <summary>The options the run was started with (a checkpoint records them to refuse a mismatched resume).</summary>
    public TrainingOptions Options { get; }

    /// <summary>The training set (a checkpoint records its size and fingerprint).</summary>
    public TrainingData Train { get; }

    public Model Model { get; }

    public Optimizer Optimizer { get; }

    /// <summary>Shuffles <see cref="Order"/> once at the start of every epoch, and nothing else.</summary>
    public Rng BatchOrder { get; }

    /// <summary>Draws every training-mode dropout mask.</summary>
    public Rng Dropout { get; }

    /// <summary>Draws every training image's crop offsets and flip (TrainingOptions.CropPadding, HorizontalFlip); untouched without augmentation.</summary>
    public Rng Augmentation { get; }

    /// <summary>Training row indices in the current epoch's order; each epoch shuffles the previous order in place.</summary>
    public int[] Order { get; }

    /// <summary>Epochs completed, which is also the next epoch's index (the learning-rate schedule's position).</summary>
    public int Epoch { get; set; }

    public long SamplesTrained { get; set; }

    /// <summary>Objective of the first mini-batch before any update; NaN until that batch ran.</summary>
    public double InitialLoss { get; set; } = double.NaN;

    /// <summary>Mini-batch seconds over the whole run, resumed parts included (wall clock: in no bit-identity).</summary>
    public double TrainingSeconds { get; set; }

    /// <summary>A fresh run: the model initialised from the seed, zero optimiser state, streams at their start.</summary>
    public static TrainingState Start(ModelSpec spec, TrainingOptions options, TrainingData train)
    {
        var model = new Model(spec, new Rng(options.Seed, RngStreams.WeightInit));
        model.CheckData(train);
        return new TrainingState(
            options, train, model, new Optimizer(options, model.ParameterCount),
            new Rng(options.Seed, RngStreams.BatchOrder), new Rng(options.Seed, RngStreams.Dropout),
            new Rng(options.Seed, RngStreams.Augmentation), Identity(train.Count));
    }

    internal static int[] Identity(int rows) => Enumerable.Range(0, rows).ToArray();
}
