using HyperSearch.Service.Execution;

namespace HyperSearch.Api.Contracts;

/// <summary>
/// Which hyperparameters mattered (<c>GET /api/searches/{id}/importance</c>): PED-ANOVA (Watanabe et al.,
/// IJCAI 2023) per stage, comparing where the top trials' values lie with where all trials' values lie.
/// </summary>
/// <param name="TopQuantile">The share of a stage's finished trials counted as "top" (γ′, at least 2 trials).</param>
/// <param name="Stages">One entry per stage, in order; a stage with no finished trials has no parameters yet.</param>
public sealed record ImportanceResponse(Guid SearchId, double TopQuantile, IReadOnlyList<StageImportanceResponse> Stages);

/// <summary>One stage's importance.</summary>
/// <param name="Trials">Finished trials it was computed from (completed, pruned, diverged, failed; not queued, running or cancelled).</param>
/// <param name="Parameters">Every parameter the stage varied, largest share first; the shares sum to 1.</param>
public sealed record StageImportanceResponse(int Stage, int Trials, IReadOnlyList<ParameterImportanceResponse> Parameters)
{
    public static StageImportanceResponse From(StageImportance s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new StageImportanceResponse(s.Stage, s.Trials, s.Parameters.Select(p => new ParameterImportanceResponse(p.Name, p.Share, p.Divergence)).ToList());
    }
}

/// <summary>One parameter's importance within its stage.</summary>
/// <param name="Name">The hyperparameter (as in the search space).</param>
/// <param name="Share">Its share of the stage's total importance, in [0, 1].</param>
/// <param name="Divergence">The Pearson divergence between the top trials' and all trials' distribution of this parameter (0: the top trials look like all of them).</param>
public sealed record ParameterImportanceResponse(string Name, double Share, double Divergence);
