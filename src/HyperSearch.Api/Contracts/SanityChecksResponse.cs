using HyperSearch.Service.Execution;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// The sanity checks run before stage 1 (docs/api.md#sanity-checks), one entry per distinct architecture of
/// stage 1 (at most 8; <c>unchecked</c> counts the others). <c>passed</c>: every architecture passed both checks;
/// <c>gate</c>: the search was submitted with "sanityChecks": "gate", so a failure ended it before stage 1.
/// </summary>
public sealed record SanityChecksResponse(bool Passed, bool Gate, IReadOnlyList<ArchitectureSanityResponse> Architectures, int Unchecked)
{
    /// <summary>Reads the stored report (a search stored before per-architecture checks holds one architecture's results).</summary>
    public static SanityChecksResponse FromStored(string json)
    {
        var report = SanityReport.Read(json);
        return new SanityChecksResponse(report.Passed, report.Gate, report.Architectures.Select(ArchitectureSanityResponse.From).ToList(), report.Unchecked);
    }
}

/// <summary>
/// Both checks on one architecture (its text, e.g. "128-64 relu he bn", is also each trial's <c>architecture</c>):
/// the initial loss ≈ ln C and rising with λ, and overfitting 20 examples; <c>error</c> says why they could not run.
/// The store's JSON may hold NaN for a check that could not run; the wire gets null.
/// </summary>
public sealed record ArchitectureSanityResponse(string Architecture, InitialLossCheckResponse InitialLoss, OverfitCheckResponse OverfitSmallSubset, bool Passed, string? Error)
{
    public static ArchitectureSanityResponse From(SanityResults s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var i = s.InitialLoss;
        var o = s.OverfitSmallSubset;
        return new ArchitectureSanityResponse(
            s.Architecture,
            new InitialLossCheckResponse(WireNumbers.Finite(i.Loss), WireNumbers.Finite(i.Expected), WireNumbers.Finite(i.Regularization), WireNumbers.Finite(i.LossWithRegularization), i.RisesWithRegularization, i.Passed),
            new OverfitCheckResponse(o.Examples, o.Steps, WireNumbers.Finite(o.FinalLoss), WireNumbers.Finite(o.TrainAccuracy), o.Passed),
            s.Passed,
            s.Error);
    }
}
