namespace HyperSearch.Service.Execution;

/// <summary>The best validation accuracy an arm had found once it had spent <see cref="Epochs"/> epochs, <see cref="Seconds"/> after it started.</summary>
public sealed record EffortPoint(int Epochs, double Seconds, double? BestSoFar);
