namespace HyperSearch.Api.Contracts;

/// <summary>One ASHA rung of a stage: its epoch milestone, how many configurations finished it, and how many went on.</summary>
public sealed record RungResponse(int Rung, int Epochs, int Reached, int Promoted);
