namespace HyperSearch.Storage;

/// <summary>How many trials of a stage finished an ASHA rung, and how many of those were promoted past it.</summary>
public sealed record RungCount(int Stage, int Rung, int Epochs, int Reached, int Promoted);
