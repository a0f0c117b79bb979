namespace HyperSearch.Api.Contracts;

/// <summary>
/// A trial with its learning curves (one row per epoch) and per-layer diagnostics (per epoch — epoch 0 is the
/// untrained network — and hidden layer), the architecture it builds, and that architecture's sanity checks
/// (null when the search ran none for it).
/// </summary>
public sealed record TrialDetailResponse(
    TrialResponse Trial,
    IReadOnlyList<EpochResponse> Epochs,
    IReadOnlyList<LayerDiagnosticsResponse> Diagnostics,
    string? Architecture,
    ArchitectureSanityResponse? SanityChecks);
