namespace HyperSearch.Storage;

/// <summary>
/// A trial that finished ASHA rung <see cref="Rung"/> after <see cref="EpochsTrained"/> epochs: its
/// metrics at that point (the trial row shows them while it waits), the objective the promotion rule
/// ranks (validation accuracy; NaN ranks last) and the checkpoint it resumes from if promoted.
/// </summary>
public sealed record RungReport(int Rung, int EpochsTrained, double Objective, TrialOutcome Metrics, byte[] Checkpoint);
