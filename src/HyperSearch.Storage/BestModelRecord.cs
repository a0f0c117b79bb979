namespace HyperSearch.Storage;

/// <summary>
/// A search's best model: trial <see cref="TrialId"/>'s network after <see cref="Epoch"/> epochs, when it
/// reached <see cref="ValidationAccuracy"/> (the engine's TrainingCheckpoint bytes).
/// </summary>
public sealed record BestModelRecord(Guid SearchId, Guid TrialId, double ValidationAccuracy, int Epoch, byte[] Data, DateTimeOffset CreatedAt);
