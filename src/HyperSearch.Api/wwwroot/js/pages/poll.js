// Polling loop: runs `tick` now and then every `ms` while it returns true; stops on cleanup.
// At most one tick runs at a time. A kick during a run cannot start a second loop (that doubled the
// requests and let an older response render over a newer one); it asks for one more run right after
// the current one instead, so the state the kick announced (a new page, a cancel) is still fetched.
export function poller(tick, ms = 1500, onError = null) {
  let stopped = false;
  let timer = null;
  let running = false;
  let rerun = false; // kicked while running: run once more as soon as this run ends
  const ctrl = new AbortController();

  async function run() {
    if (stopped) return;
    if (running) { rerun = true; return; }
    running = true;
    clearTimeout(timer);
    timer = null;
    let again = false;
    try {
      again = await tick(ctrl.signal);
    } catch (e) {
      if (e?.name !== 'AbortError') {
        console.error(e);
        onError?.(e);
        again = true;
      }
    } finally {
      running = false;
    }
    if (stopped) return;
    // A kick wins over the tick's "stop polling": it was made after this run read the state.
    if (rerun) { rerun = false; run(); return; }
    if (again) timer = setTimeout(run, ms);
  }

  run();
  return {
    stop() { stopped = true; clearTimeout(timer); ctrl.abort(); },
    /** Runs the tick again now (e.g. after a filter change), or right after the run in flight, and resumes polling if it says so. */
    kick() { if (stopped) return; clearTimeout(timer); timer = null; run(); },
    signal: ctrl.signal,
  };
}
