// Polling loop: runs `tick` now and then every `ms` while it returns true; stops on cleanup.
export function poller(tick, ms = 1500, onError = null) {
  let stopped = false;
  let timer = null;
  const ctrl = new AbortController();
  async function run() {
    if (stopped) return;
    let again = false;
    try {
      again = await tick(ctrl.signal);
    } catch (e) {
      if (e?.name === 'AbortError') return;
      console.error(e);
      onError?.(e);
      again = true;
    }
    if (!stopped && again) timer = setTimeout(run, ms);
  }
  run();
  return {
    stop() { stopped = true; clearTimeout(timer); ctrl.abort(); },
    /** Runs the tick again now (e.g. after a filter change) and resumes polling if it says so. */
    kick() { if (stopped) return; clearTimeout(timer); run(); },
    signal: ctrl.signal,
  };
}
