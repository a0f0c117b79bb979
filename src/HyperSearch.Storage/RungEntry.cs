namespace HyperSearch.Storage;

/// <summary>One trial's result at one ASHA rung of its stage, as the promotion rule reads it (Objective is NaN for a trial that diverged or failed).</summary>
public sealed record RungEntry(Guid TrialId, int Index, int Rung, double Objective, bool Promoted);
