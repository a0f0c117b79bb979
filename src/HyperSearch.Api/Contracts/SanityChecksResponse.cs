using HyperSearch.Service.Execution;

namespace HyperSearch.Api.Contracts;

/// <summary>The sanity checks run before stage 1 (docs/api.md): the architecture they ran on, both checks, and why they could not run.</summary>
public sealed record SanityChecksResponse(string Architecture, InitialLossCheckResponse InitialLoss, OverfitCheckResponse OverfitSmallSubset, bool Passed, string? Error)
{
    /// <summary>Reads the stored results (the store's JSON may hold NaN for a check that could not run; the wire gets null).</summary>
    public static SanityChecksResponse FromStored(string json)
    {
        var s = System.Text.Json.JsonSerializer.Deserialize<SanityResults>(json, SearchDocuments.Options)
            ?? throw new InvalidOperationException("Stored sanity-check results are empty.");
        var i = s.InitialLoss;
        var o = s.OverfitSmallSubset;
        return new SanityChecksResponse(
            s.Architecture,
            new InitialLossCheckResponse(WireNumbers.Finite(i.Loss), WireNumbers.Finite(i.Expected), WireNumbers.Finite(i.Regularization), WireNumbers.Finite(i.LossWithRegularization), i.RisesWithRegularization, i.Passed),
            new OverfitCheckResponse(o.Examples, o.Steps, WireNumbers.Finite(o.FinalLoss), WireNumbers.Finite(o.TrainAccuracy), o.Passed),
            s.Passed,
            s.Error);
    }
}
