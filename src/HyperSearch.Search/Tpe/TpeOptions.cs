using System.Globalization;

namespace HyperSearch.Search.Tpe;

/// <summary>
/// Settings of <see cref="TpeSampler"/>; the defaults are Optuna's (docs/search-spec.md, "TPE").
/// </summary>
/// <param name="StartupTrials">Finished trials needed before the model is used; fewer → a random draw.</param>
/// <param name="Candidates">Draws from l(x) per proposal (per dimension when univariate); the best l/g wins.</param>
/// <param name="Multivariate">One joint kernel over the numeric dimensions every trial has (Falkner et al. 2018), instead of one estimator per dimension.</param>
/// <param name="PriorWeight">Weight of the prior kernel (uniform-ish over the range) in each estimator, relative to an observation's.</param>
/// <param name="GammaFraction">γ(n) = min(⌈GammaFraction · n⌉, GammaMax) of the n finished trials are "good".</param>
/// <param name="GammaMax">Cap of the good set, so l(x) stays sharp on long searches.</param>
public sealed record TpeOptions(
    int StartupTrials = 10,
    int Candidates = 24,
    bool Multivariate = false,
    double PriorWeight = 1.0,
    double GammaFraction = 0.1,
    int GammaMax = 25)
{
    public static TpeOptions Default { get; } = new();

    /// <summary>γ(n): how many of <paramref name="finished"/> trials form the good set.</summary>
    public int Gamma(int finished) =>
        Math.Min((int)Math.Ceiling((GammaFraction * finished) - 1e-9), GammaMax); // 1e-9: 0.1·30 is 3.0000000000000004, not 4

    /// <summary>Throws <see cref="SearchSpaceException"/> naming every bad field as <c>{path}.{field}</c>.</summary>
    public void Validate(string path = "tpe")
    {
        var errors = new ErrorCollector();
        Check(StartupTrials >= 0 && StartupTrials <= 10_000, "startupTrials", $"must be between 0 and 10000 (got {StartupTrials}).");
        Check(Candidates >= 1 && Candidates <= 10_000, "candidates", $"must be between 1 and 10000 (got {Candidates}).");
        Check(double.IsFinite(PriorWeight) && PriorWeight > 0, "priorWeight", $"must be a positive number (got {PriorWeight.ToString(CultureInfo.InvariantCulture)}).");
        Check(GammaFraction > 0 && GammaFraction <= 1, "gammaFraction", $"must be in (0, 1] (got {GammaFraction.ToString(CultureInfo.InvariantCulture)}).");
        Check(GammaMax >= 1, "gammaMax", $"must be at least 1 (got {GammaMax}).");
        errors.ThrowIfAny();

        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add($"{path}.{field}", $"{field} {message}");
            }
        }
    }
}
