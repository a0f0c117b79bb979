using HyperSearch.Data;
using HyperSearch.Engine;
using HyperSearch.Search;

namespace HyperSearch.Service.Execution;

/// <summary>A trial's hyperparameters as the engine's model and training options (through the parameter registry's bindings).</summary>
public static class EngineMapping
{
    public static EngineConfig ToEngine(Hyperparameters h, int inputSize, int classes, int epochs, long seed, int threads = 0, ImageShape? inputShape = null) =>
        Parameters.ToEngine(h, inputSize, classes, new TrainingOptions { Epochs = epochs, Seed = seed, Threads = threads }, inputShape);

    /// <summary>The engine configuration for a trial on <paramref name="data"/>: its row size, classes and (image sets) image shape for conv blocks.</summary>
    public static EngineConfig ToEngine(Hyperparameters h, PreparedDataset data, int epochs, long seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ToEngine(h, data.Features, data.Classes, epochs, seed, threads, data.Shape);
    }
}
