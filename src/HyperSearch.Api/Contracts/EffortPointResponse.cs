namespace HyperSearch.Api.Contracts;

/// <summary>The best validation accuracy an arm had once it had spent <c>epochs</c> epochs, <c>seconds</c> after it started (one point per finished trial).</summary>
public sealed record EffortPointResponse(int Epochs, double Seconds, double? BestSoFar);
