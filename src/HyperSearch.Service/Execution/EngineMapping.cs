using HyperSearch.Engine;
using HyperSearch.Search;

namespace HyperSearch.Service.Execution;

/// <summary>A trial's hyperparameters as the engine's model and training options (through the parameter registry's bindings).</summary>
public static class EngineMapping
{
    public static EngineConfig ToEngine(Hyperparameters h, int inputSize, int classes, int epochs, long seed, int threads = 0) =>
        Parameters.ToEngine(h, inputSize, classes, new TrainingOptions { Epochs = epochs, Seed = seed, Threads = threads });
}
