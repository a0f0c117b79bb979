using HyperSearch.Engine;
using HyperSearch.Search;

namespace HyperSearch.Service.Execution;

/// <summary>Turns a trial's hyperparameters (the search library's names) into the engine's model and training options.</summary>
public static class EngineMapping
{
    public static ModelSpec ToModelSpec(Hyperparameters h, int inputSize, int classes)
    {
        ArgumentNullException.ThrowIfNull(h);
        return new ModelSpec(
            inputSize,
            h.HiddenLayers,
            classes,
            ToActivation(h.Activation),
            ToInit(h.WeightInit),
            h.BatchNorm,
            (float)h.Dropout,
            (float)h.LeakySlope,
            h.MaxoutPieces);
    }

    public static TrainingOptions ToTrainingOptions(Hyperparameters h, int epochs, long seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(h);
        return new TrainingOptions
        {
            LearningRate = h.LearningRate,
            Regularization = h.Regularization,
            Optimizer = ToOptimizer(h.Optimizer),
            Momentum = h.Momentum,
            BatchSize = h.BatchSize,
            Epochs = epochs,
            Decay = ToDecay(h.LearningRateDecay),
            DecayRate = h.DecayRate,
            Seed = seed,
            Threads = threads,
        };
    }

    public static Activation ToActivation(string name) => name switch
    {
        Activations.Relu => Activation.ReLU,
        Activations.LeakyRelu => Activation.LeakyReLU,
        Activations.Elu => Activation.ELU,
        Activations.Tanh => Activation.Tanh,
        Activations.Sigmoid => Activation.Sigmoid,
        Activations.Maxout => Activation.Maxout,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown activation."),
    };

    public static WeightInit ToInit(string name) => name switch
    {
        WeightInits.Zeros => WeightInit.Zeros,
        WeightInits.SmallRandom => WeightInit.SmallRandom,
        WeightInits.Xavier => WeightInit.Xavier,
        WeightInits.He => WeightInit.He,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown weight init."),
    };

    public static OptimizerKind ToOptimizer(string name) => name switch
    {
        Optimizers.Sgd => OptimizerKind.Sgd,
        Optimizers.SgdMomentum => OptimizerKind.SgdMomentum,
        Optimizers.Nesterov => OptimizerKind.Nesterov,
        Optimizers.Adam => OptimizerKind.Adam,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown optimizer."),
    };

    public static LearningRateDecay ToDecay(string name) => name switch
    {
        LearningRateDecays.None => LearningRateDecay.None,
        LearningRateDecays.Step => LearningRateDecay.Step,
        LearningRateDecays.Exponential => LearningRateDecay.Exponential,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown learning-rate decay."),
    };
}
