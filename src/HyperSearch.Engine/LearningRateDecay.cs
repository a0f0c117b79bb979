namespace HyperSearch.Engine;

/// <summary>
/// Per-epoch learning-rate schedule (epoch e counted from 0). Step: lr·rate^⌊e / stepEpochs⌋.
/// Exponential: lr·rate^e.
/// </summary>
public enum LearningRateDecay
{
    None,
    Step,
    Exponential,
}
