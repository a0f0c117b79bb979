namespace HyperSearch.Engine;

/// <summary>
/// What a per-epoch callback wants after an epoch's metrics: go on, or end the run there with
/// <see cref="TrainingOutcome.Stopped"/> (a pruner's early stop). An enum rather than a bool so a call
/// site reads the same either way round.
/// </summary>
public enum EpochDecision
{
    Continue,
    Stop,
}
