using HyperSearch.Engine;

namespace HyperSearch.Search;

/// <summary>
/// What one trial hands the engine: the model and the training options, filled by the parameter
/// registry's bindings (<see cref="ParameterDefinition.Bind"/>), one hyperparameter at a time.
/// </summary>
public sealed class EngineConfig
{
    public required ModelSpec Model { get; set; }

    public required TrainingOptions Training { get; set; }
}
