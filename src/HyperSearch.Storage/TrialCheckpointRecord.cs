namespace HyperSearch.Storage;

/// <summary>The engine's saved state of a trial after <see cref="Epoch"/> epochs (the engine's TrainingCheckpoint bytes).</summary>
public sealed record TrialCheckpointRecord(Guid TrialId, int Epoch, byte[] Data);
