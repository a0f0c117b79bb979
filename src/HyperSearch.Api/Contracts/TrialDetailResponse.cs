namespace HyperSearch.Api.Contracts;

/// <summary>A trial with its learning curves (one row per epoch) and per-layer diagnostics (per epoch and hidden layer).</summary>
public sealed record TrialDetailResponse(
    TrialResponse Trial,
    IReadOnlyList<EpochResponse> Epochs,
    IReadOnlyList<LayerDiagnosticsResponse> Diagnostics);
