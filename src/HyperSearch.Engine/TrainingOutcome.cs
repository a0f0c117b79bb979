namespace HyperSearch.Engine;

/// <summary>How a training run ended.</summary>
public enum TrainingOutcome
{
    /// <summary>All requested epochs ran.</summary>
    Completed,

    /// <summary>The loss became NaN/∞ or exceeded 3× the initial loss (the lecture's early stop).</summary>
    Diverged,

    /// <summary>The cancellation token fired; checked between mini-batches.</summary>
    Cancelled,

    /// <summary>The per-epoch callback returned <see cref="EpochDecision.Stop"/> with epochs left; the run ended after that epoch.</summary>
    Stopped,
}
