using System.Text.Json;

namespace HyperSearch.Browser.Tests;

/// <summary>
/// js/pages/poll.js in the browser, with a tick the test holds open: whatever the kicks, at most one
/// tick runs at a time, kicks during a run make exactly one more run right after it (which sees the
/// state of the last kick), and nothing runs after stop. No server data needed (RunWorkers = false).
/// </summary>
public sealed class PollerTests(IdleBrowserFixture fixture) : IClassFixture<IdleBrowserFixture>
{
    // Every tick waits for the harness to release it (gates), so no assertion depends on timing.
    private const string Harness = """
        async () => {
          const { poller } = await import('/js/pages/poll.js');
          const turn = () => new Promise(r => setTimeout(r, 20));
          const gates = [];
          let runs = 0, active = 0, maxActive = 0, version = 0, seen = -1;
          const tick = async () => {
            runs++; active++; maxActive = Math.max(maxActive, active);
            const v = version;
            await new Promise(r => gates.push(r));
            active--; seen = v;
            return false; // no timer: only kicks make further runs
          };
          const releaseAll = async () => { while (gates.length) { gates.shift()(); await turn(); } };
          const snap = () => ({ runs, active, maxActive, seen, version });

          const p = poller(tick, 60_000);
          await turn();
          const first = snap();                            // the first run is in flight
          for (let i = 0; i < 5; i++) { version++; p.kick(); await turn(); }
          const duringBurst = snap();                      // five kicks while it runs
          gates.shift()();
          await turn();
          const afterFirst = snap();                       // the one extra run has started
          await releaseAll();
          const settled = snap();

          p.kick();                                        // idle: a kick runs once
          await turn();
          const idleKick = snap();
          await releaseAll();

          p.kick();                                        // stop during a run with a kick pending
          await turn();
          p.kick();
          p.stop();
          await releaseAll();
          p.kick();
          await turn();
          const stopped = snap();
          return { first, duringBurst, afterFirst, settled, idleKick, stopped };
        }
        """;

    [Fact]
    public Task Kicks_DuringARun_NeverOverlap_AndMakeOneFinalRun() => BrowserPages.RunAsync(fixture, "poller", async page =>
    {
        await page.GotoAsync("/#/poll-harness"); // any page of the dashboard's origin: "Not found" does not poll
        var r = await page.EvaluateAsync<JsonElement>(Harness);
        int Get(string phase, string field) => r.GetProperty(phase).GetProperty(field).GetInt32();

        Assert.Equal(1, Get("first", "runs"));
        Assert.Equal(1, Get("duringBurst", "active"));   // the kicks did not start a second loop
        Assert.Equal(1, Get("duringBurst", "runs"));
        Assert.Equal(2, Get("afterFirst", "runs"));      // one run right after the first, not five
        Assert.Equal(1, Get("afterFirst", "active"));
        Assert.Equal(2, Get("settled", "runs"));
        Assert.Equal(5, Get("settled", "seen"));         // the last run saw the last kick's state
        Assert.Equal(0, Get("settled", "active"));
        Assert.Equal(3, Get("idleKick", "runs"));
        Assert.Equal(4, Get("stopped", "runs"));         // stop dropped the pending run and later kicks
        Assert.Equal(1, Get("stopped", "maxActive"));
    });
}
