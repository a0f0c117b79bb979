using static HyperSearch.Storage.Tests.TestData;

namespace HyperSearch.Storage.Tests;

// Babysitting (issue #17): epoch-0 layer diagnostics, histograms and gradient norms, and each trial's
// diagnosis labels with the label filter of a trial page.
public abstract partial class SearchStoreContract
{
    private static TrialDiagnosis Diagnosis(params string[] labels) =>
        new(labels, "[" + string.Join(",", labels.Select(l => $$"""{"label":"{{l}}","evidence":"because {{l}}"}""")) + "]");

    [Fact]
    public async Task InitialLayers_RoundTripHistogramAndGradientNorm_AndSurviveAReclaim()
    {
        var (_, trials) = await SeedSearchAsync(1);
        var id = trials[0].Id;
        var dead = await ClaimAsync(id, "dead", leaseSeconds: 10);
        var initial = Layers(id, 0, 2).Select(l => l with { HistogramJson = """{"min":0,"max":1.5,"counts":[3,0,1]}""" }).ToList();
        var epoch1 = Layers(id, 1, 2).Select(l => l with { GradientNorm = 0.25 + l.Layer }).ToList();

        Assert.True(await Store.AddInitialLayersAsync(dead, initial, Ct));
        Assert.True(await Store.AddInitialLayersAsync(dead, initial, Ct)); // a retried write replaces, never adds
        Assert.True(await Store.AddEpochAsync(dead, Epoch(id, 1), epoch1, Ct));
        Assert.Equal([.. initial, .. epoch1], await Store.GetDiagnosticsAsync(id, Ct));

        // The dead attempt's epoch 1 goes with the re-claim; the untrained network it started from stays.
        var live = await Store.TryClaimTrialAsync(id, "live", T0.AddSeconds(11), T0.AddSeconds(71), Ct);
        Assert.NotNull(live);
        Assert.Equal(initial, await Store.GetDiagnosticsAsync(id, Ct));
        Assert.False(await Store.AddInitialLayersAsync(dead, initial, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddInitialLayersAsync(live, epoch1, Ct));
    }

    [Fact]
    public async Task Diagnosis_IsWrittenWithTheResult_KeptByAResultWithout_AndFiltersByExactLabel()
    {
        var (search, trials) = await SeedSearchAsync(3);
        var labelled = await ClaimAsync(trials[0].Id);
        var other = await ClaimAsync(trials[1].Id);
        var none = await ClaimAsync(trials[2].Id);

        Assert.True(await Store.CompleteTrialAsync(labelled, Outcome() with { Diagnosis = Diagnosis("lr-too-high", "overfit") }, T0, Ct));
        Assert.True(await Store.CompleteTrialAsync(other, Outcome() with { Diagnosis = Diagnosis("underfit") }, T0, Ct));
        Assert.True(await Store.CompleteTrialAsync(none, Outcome() with { Diagnosis = Diagnosis() }, T0, Ct));

        AssertJsonEqual(Diagnosis("lr-too-high", "overfit").Json, (await Store.GetTrialAsync(trials[0].Id, Ct))!.DiagnosisJson);
        AssertJsonEqual("[]", (await Store.GetTrialAsync(trials[2].Id, Ct))!.DiagnosisJson);
        Assert.Equal([trials[0].Id], await Ids(new TrialQuery(Label: "overfit")));
        Assert.Equal([trials[0].Id], await Ids(new TrialQuery(Label: "lr-too-high")));
        Assert.Equal([trials[1].Id], await Ids(new TrialQuery(Label: "underfit")));
        Assert.Empty(await Ids(new TrialQuery(Label: "fit")));
        Assert.Empty(await Ids(new TrialQuery(Label: "lr-too-low")));
        Assert.Equal(3, (await Ids(new TrialQuery())).Count);
        Assert.Equal(1, (await Store.GetTrialsAsync(search.Id, new TrialQuery(Label: "overfit", Limit: 0), Ct)).Total);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetTrialsAsync(search.Id, new TrialQuery(Label: "%"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetTrialsAsync(search.Id, new TrialQuery(Label: ""), Ct));

        async Task<List<Guid>> Ids(TrialQuery q) => (await Store.GetTrialsAsync(search.Id, q, Ct)).Items.Select(t => t.Id).ToList();
    }

    [Fact]
    public async Task Diagnosis_AtARung_IsShownWhileTheTrialWaits_AndKeptByALaterResultWithoutOne()
    {
        var (search, trials) = await SeedSearchAsync(1);
        var claim = await ClaimAsync(trials[0].Id);
        var report = Rung(0, 1, 0.7);

        Assert.NotNull(await Store.ReportRungAsync(claim, report with { Metrics = report.Metrics with { Diagnosis = Diagnosis("lr-too-low") } }, e => [new RungPromotionRecord(e[0].TrialId, 0, 3)], T0, Ct));
        AssertJsonEqual(Diagnosis("lr-too-low").Json, (await Store.GetTrialAsync(trials[0].Id, Ct))!.DiagnosisJson);

        // The promoted leg fails before it can diagnose anything: the rung's diagnosis stays.
        var resumed = await ClaimAsync(trials[0].Id);
        Assert.True(await Store.CompleteTrialAsync(resumed, Outcome(status: TrialStatus.Failed), T0, Ct));
        AssertJsonEqual(Diagnosis("lr-too-low").Json, (await Store.GetTrialAsync(trials[0].Id, Ct))!.DiagnosisJson);
        Assert.Equal([trials[0].Id], (await Store.GetTrialsAsync(search.Id, new TrialQuery(Label: "lr-too-low"), Ct)).Items.Select(t => t.Id));
    }
}
