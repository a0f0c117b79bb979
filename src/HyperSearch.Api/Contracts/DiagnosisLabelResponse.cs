namespace HyperSearch.Api.Contracts;

/// <summary>
/// One diagnosis of a trial: <c>label</c> is one of lr-too-high, lr-too-low, init-collapse, saturated, overfit,
/// underfit (GET /api/schema lists them as diagnosisLabels); <c>evidence</c> says which numbers of the trial's own
/// diagnostics or curves gave it.
/// </summary>
public sealed record DiagnosisLabelResponse(string Label, string Evidence);
