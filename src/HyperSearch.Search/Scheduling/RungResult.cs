namespace HyperSearch.Search.Scheduling;

/// <summary>
/// One trial's result at one ASHA rung, as stored for a stage. A trial that has reached rung m has one
/// result at each rung 0…m, and is marked <paramref name="Promoted"/> at each rung below m; at m itself
/// Promoted means the promotion was granted and the trial is training toward rung m + 1 (if it fails
/// on the way, record it at m + 1 with a NaN objective rather than unmarking it, or it could be promoted again).
/// </summary>
/// <param name="Trial">The trial's index in its stage's plan: the stable key that breaks ties (lower first).</param>
/// <param name="Rung">The rung index (see <see cref="AshaRungs"/>), not the epoch count.</param>
/// <param name="Objective">Validation accuracy after the rung's epochs, higher is better; NaN for a failed or diverged trial.</param>
/// <param name="Promoted">Whether the trial has already been promoted out of this rung.</param>
public readonly record struct RungResult(int Trial, int Rung, double Objective, bool Promoted);
