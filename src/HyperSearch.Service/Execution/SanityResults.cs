using System.Text.Json;

namespace HyperSearch.Service.Execution;

/// <summary>
/// The lecture's learning-process checks on one architecture, run before stage 1: the initial loss with
/// small weights and λ = 0 should be ≈ ln C and rise when λ is raised; and the model must be able to
/// overfit a tiny subset (20 examples, λ = 0) to 100 % training accuracy.
/// </summary>
public sealed record SanityResults(
    string Architecture,
    InitialLossResult InitialLoss,
    OverfitResult OverfitSmallSubset,
    bool Passed,
    string? Error = null);

/// <summary>
/// The checks of every distinct architecture of stage 1 (conv blocks × hidden layers × activation × init × batch
/// norm, see <see cref="SanityArchitecture"/>), in the order their first trial appears, at most
/// <see cref="MaxArchitectures"/>; <see cref="Unchecked"/> counts the distinct ones beyond that. With
/// <see cref="Gate"/> a search whose checks did not all pass ends failed before stage 1.
/// </summary>
public sealed record SanityReport(IReadOnlyList<SanityResults> Architectures, int Unchecked, bool Gate)
{
    public const int MaxArchitectures = 8;

    public bool Passed => Architectures.All(a => a.Passed);

    /// <summary>The architecture's checks, or null when it was not checked.</summary>
    public SanityResults? For(string architecture) => Architectures.FirstOrDefault(a => a.Architecture == architecture);

    /// <summary>The failed search's error: which architectures failed which check.</summary>
    public string GateFailure() =>
        "The sanity checks failed (\"sanityChecks\": \"gate\" stops the search before stage 1): " + string.Join("; ", Architectures.Where(a => !a.Passed).Select(Describe))
        + ". See the search's sanityChecks for the numbers (docs/api.md#sanity-checks).";

    /// <summary>Reads the stored report; a search stored before per-architecture checks holds one SanityResults object.</summary>
    public static SanityReport Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.TryGetProperty("architectures", out _))
        {
            return doc.RootElement.Deserialize<SanityReport>(SearchDocuments.Options) ?? throw new InvalidOperationException("Stored sanity checks are empty.");
        }

        var single = doc.RootElement.Deserialize<SanityResults>(SearchDocuments.Options) ?? throw new InvalidOperationException("Stored sanity checks are empty.");
        return new SanityReport([single], 0, Gate: false);
    }

    private static string Describe(SanityResults a)
    {
        if (a.Error is not null)
        {
            return $"{a.Architecture}: the checks could not run ({a.Error})";
        }

        var failed = new List<string>();
        if (!a.InitialLoss.Passed)
        {
            failed.Add(FormattableString.Invariant($"initial loss {a.InitialLoss.Loss:F3}, expected ln C = {a.InitialLoss.Expected:F3}"));
        }

        if (!a.OverfitSmallSubset.Passed)
        {
            failed.Add(FormattableString.Invariant($"reached only {a.OverfitSmallSubset.TrainAccuracy:P0} training accuracy on {a.OverfitSmallSubset.Examples} examples in {a.OverfitSmallSubset.Steps} steps"));
        }

        return $"{a.Architecture}: {string.Join(", ", failed)}";
    }
}
