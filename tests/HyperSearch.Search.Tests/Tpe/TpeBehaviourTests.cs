using HyperSearch.Search.Tpe;

namespace HyperSearch.Search.Tests.Tpe;

/// <summary>What the TPE model does with results: good vs bad, failed, pruned, pending and inactive trials.</summary>
public class TpeBehaviourTests
{
    private static readonly SearchSpace LearningRateOnly = SearchSpace.Parse("""{ "learningRate": { "min": 1e-6, "max": 1, "scale": "log" } }""");

    private static readonly SearchSpace ActivationAndRate = SearchSpace.Parse("""
        { "activation": { "values": ["relu", "elu", "tanh", "sigmoid"] }, "learningRate": { "min": 1e-5, "max": 1e-1 } }
        """);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(9, 1)]
    [InlineData(10, 1)]
    [InlineData(11, 2)]
    [InlineData(30, 3)]
    [InlineData(249, 25)]
    [InlineData(1000, 25)]
    public void Gamma_IsOptunasDefault(int finished, int good)
    {
        Assert.Equal(good, TpeOptions.Default.Gamma(finished));
    }

    [Fact]
    public void Weights_AreFlatUpTo25_ThenOldTrialsRampUp()
    {
        Assert.All(TpeSampler.Weights(25), w => Assert.Equal(1.0, w));

        var weights = TpeSampler.Weights(40);
        Assert.Equal(1.0 / 40, weights[0], 12);
        Assert.Equal(1.0, weights[14], 12);
        Assert.All(weights.Skip(15), w => Assert.Equal(1.0, w));
        Assert.True(weights.Zip(weights.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void Propose_ConcentratesNearTheBest_AfterStartup()
    {
        // One parameter, optimum at 10^-3: random would put ~17 % of its draws within a decade of it.
        var trials = TpeRuns.Sequential(new TpeSampler(5), LearningRateOnly, 60, h => -Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) + 3));

        var near = trials.Skip(30).Count(h => Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) + 3) < 0.5);
        // TPE also explores the flanks of the good region (where l is high and g, fed by earlier proposals, is not).
        Assert.True(near >= 15, $"only {near} of the last 30 proposals within half a decade of the optimum");
    }

    [Fact]
    public void PendingTrial_AtTheModelsBest_PushesTheNextProposalAway()
    {
        // Constant liar: worker B proposes while worker A trains the point the model likes best.
        var history = LearningRateHistory(2);
        var sampler = new TpeSampler(3);
        int closeWithLiar = 0, closeWithout = 0;
        for (var i = 40; i < 60; i++)
        {
            var running = sampler.Propose(LearningRateOnly, history, [], i);
            var withLiar = sampler.Propose(LearningRateOnly, history, [running], i + 100);
            var withoutLiar = sampler.Propose(LearningRateOnly, history, [], i + 100);

            Assert.NotEqual(running, withLiar);
            closeWithLiar += Decades(withLiar, running) < 0.05 ? 1 : 0;
            closeWithout += Decades(withoutLiar, running) < 0.05 ? 1 : 0;
        }

        // Without the liar the next worker often lands within 0.05 decades of the running trial (5 of 20 here); with it, hardly ever.
        Assert.True(closeWithout >= 4 && closeWithLiar * 4 <= closeWithout, $"next proposal within 0.05 decades of the running one: {closeWithLiar} of 20 with it pending, {closeWithout} without");
    }

    [Fact]
    public void ParallelWorkers_WithEachOthersTrialsPending_SpreadOut()
    {
        // Six workers in six processes, each proposing with the others' trials pending, versus six that
        // ignore each other: without the liar they all land on the peak of l/g.
        var history = LearningRateHistory(4);
        var sampler = new TpeSampler(5);
        double independentGap = 0, liarGap = 0;
        for (var batch = 0; batch < 20; batch++)
        {
            var indices = Enumerable.Range(40 + (6 * batch), 6).ToList();
            var independent = indices.Select(i => sampler.Propose(LearningRateOnly, history, [], i)).ToList();
            var pending = new List<Hyperparameters>();
            foreach (var i in indices)
            {
                pending.Add(sampler.Propose(LearningRateOnly, history, pending, i));
            }

            independentGap += SmallestGap(independent) / 20;
            liarGap += SmallestGap(pending) / 20;
        }

        Assert.True(liarGap > 5 * independentGap, $"mean smallest gap between six workers' learning rates: {liarGap:F4} decades with the liar, {independentGap:F4} without");
    }

    [Fact]
    public void PendingTrials_DoNotCountAsFinished_ForGammaOrStartup()
    {
        // Pending trials only join the bad set: the good set is still the best γ(n) of the finished n.
        var history = LearningRateHistory(6);
        var pending = TpeRuns.RandomHistory(LearningRateOnly, 200, 7, _ => 0).Select(o => o.Parameters).ToList();

        var proposal = new TpeSampler(1).Propose(LearningRateOnly, history, pending, 40);

        Assert.InRange(proposal.Get(Parameters.LearningRate), 1e-6, 1);
        Assert.Equal(new RandomSampler(1).Sample(LearningRateOnly, 3)[2], new TpeSampler(1).Propose(LearningRateOnly, history.Take(9).ToList(), pending, 2));
    }

    [Fact]
    public void FailedTrials_CountAsBad_WhateverTheirObjective()
    {
        // Sigmoid trials diverged; their objective (1.0, a stale value) must not make them look good.
        var history = TpeRuns.RandomHistory(ActivationAndRate, 40, 8, h => 0.3 + (0.1 * Math.Log10(h.Get(Parameters.LearningRate)) / -5))
            .Select(o => o.Parameters.Get(Parameters.Activation) == "sigmoid" ? o with { State = TrialState.Failed, Objective = 1.0 } : o)
            .ToList();
        var asIfComplete = history.Select(o => o with { State = TrialState.Complete }).ToList();
        var sampler = new TpeSampler(1);

        var proposals = Enumerable.Range(40, 20).Select(i => sampler.Propose(ActivationAndRate, history, [], i).Get(Parameters.Activation)).ToList();
        var control = Enumerable.Range(40, 20).Select(i => sampler.Propose(ActivationAndRate, asIfComplete, [], i).Get(Parameters.Activation)).ToList();

        Assert.DoesNotContain("sigmoid", proposals);
        Assert.True(control.Count(a => a == "sigmoid") >= 15, "the control (same trials complete) should chase the 1.0s");
    }

    [Fact]
    public void PrunedTrials_RankBelowEveryCompleteOne_ThenByFidelity()
    {
        var relu = Hyperparameters.Default.With(Parameters.Activation, "relu");
        var tanh = Hyperparameters.Default.With(Parameters.Activation, "tanh");
        var elu = Hyperparameters.Default.With(Parameters.Activation, "elu");
        var sampler = new TpeSampler(6);

        // 4 complete relu at 0.5, 26 tanh pruned at rung 1 with 0.9: γ(30) = 3 good are relu.
        var mixed = Enumerable.Repeat(new TpeObservation(relu, TrialState.Complete, 0.5), 4)
            .Concat(Enumerable.Repeat(new TpeObservation(tanh, TrialState.Pruned, 0.9, Fidelity: 1), 26)).ToList();

        // All pruned: elu reached rung 9 with 0.6, tanh only rung 1 with 0.95 — elu got further.
        var pruned = Enumerable.Repeat(new TpeObservation(elu, TrialState.Pruned, 0.6, Fidelity: 9), 4)
            .Concat(Enumerable.Repeat(new TpeObservation(tanh, TrialState.Pruned, 0.95, Fidelity: 1), 26)).ToList();

        Assert.All(Enumerable.Range(30, 10), i => Assert.Equal("relu", sampler.Propose(ActivationAndRate, mixed, [], i).Get(Parameters.Activation)));
        Assert.All(Enumerable.Range(30, 10), i => Assert.Equal("elu", sampler.Propose(ActivationAndRate, pruned, [], i).Get(Parameters.Activation)));
    }

    [Fact]
    public void InactiveValues_AreNotThere_AndOnlyActiveOnesInfluenceTheProposal()
    {
        // momentum only matters under sgd_momentum/nesterov. Hyperparameters drop a value whose condition
        // fails (setting momentum on an adam trial keeps it inactive), so no adam trial can feed the
        // momentum estimators; changing the momentum of the trials it applies to does change proposals.
        var space = SearchSpace.Parse("""{ "optimizer": { "values": ["sgd_momentum", "adam"] }, "momentum": { "min": 0.5, "max": 0.99 } }""");
        var history = TpeRuns.RandomHistory(space, 40, 12, h => h.Get(Parameters.Optimizer) == "adam" ? 0.5 : 0.6 + (0.3 * h.Get(Parameters.Momentum)));
        var adam = history.Where(o => o.Parameters.Get(Parameters.Optimizer) == "adam").ToList();
        Assert.NotEmpty(adam);
        Assert.All(adam, o => Assert.False(o.Parameters.IsActive("momentum")));
        Assert.All(adam, o => Assert.False(o.Parameters.With(Parameters.Momentum, 0.51).IsActive("momentum")));
        var changedActive = history.Select(o => o.Parameters.Get(Parameters.Optimizer) == "sgd_momentum"
            ? o with { Parameters = o.Parameters.With(Parameters.Momentum, 0.51) }
            : o).ToList();
        var sampler = new TpeSampler(2);

        var original = Enumerable.Range(40, 10).Select(i => sampler.Propose(space, history, [], i)).ToList();

        Assert.All(original, h => Assert.Equal(h.Get(Parameters.Optimizer) != "adam", h.IsActive("momentum")));
        Assert.NotEqual(original, Enumerable.Range(40, 10).Select(i => sampler.Propose(space, changedActive, [], i)));
    }

    [Fact]
    public void ValuesOutsideTheSpace_AreIgnored_NotClampedIn()
    {
        // A fine stage's narrower range: earlier trials outside it say nothing about it and must not crash it.
        var wide = SearchSpace.Parse("""{ "learningRate": { "min": 1e-6, "max": 1, "scale": "log" }, "activation": { "values": ["relu", "elu", "tanh"] } }""");
        var narrow = SearchSpace.Parse("""{ "learningRate": { "min": 1e-4, "max": 1e-2, "scale": "log" }, "activation": { "values": ["relu", "elu"] } }""");
        var history = TpeRuns.RandomHistory(wide, 50, 3, h => -Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) + 3));
        var sampler = new TpeSampler(5);

        var proposals = Enumerable.Range(50, 30).Select(i => sampler.Propose(narrow, history, [], i)).ToList();

        Assert.All(proposals, h => Assert.InRange(h.Get(Parameters.LearningRate), 1e-4, 1e-2));
        Assert.All(proposals, h => Assert.Contains(h.Get(Parameters.Activation), new[] { "relu", "elu" }));
    }

    private static List<TpeObservation> LearningRateHistory(long seed)
    {
        static double Objective(Hyperparameters h) => -Math.Abs(Math.Log10(h.Get(Parameters.LearningRate)) + 3);
        return TpeRuns.Sequential(new TpeSampler(seed), LearningRateOnly, 40, Objective)
            .Select(h => new TpeObservation(h, TrialState.Complete, Objective(h))).ToList();
    }

    private static double Decades(Hyperparameters a, Hyperparameters b) =>
        Math.Abs(Math.Log10(a.Get(Parameters.LearningRate)) - Math.Log10(b.Get(Parameters.LearningRate)));

    private static double SmallestGap(List<Hyperparameters> trials)
    {
        var exponents = trials.Select(t => Math.Log10(t.Get(Parameters.LearningRate))).Order().ToList();
        return exponents.Zip(exponents.Skip(1)).Min(p => p.Second - p.First);
    }
}
