namespace HyperSearch.Api.Contracts;

/// <summary>Coarse → fine: total stages (coarse included), top-K trials the next ranges come from, and each fine stage's trials (or gridPoints) and epochs.</summary>
public sealed record RefineSpecDocument(int? Stages, int? TopK, int? Trials, int? GridPoints, int? Epochs);
