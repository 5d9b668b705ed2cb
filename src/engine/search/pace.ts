// Long loops outside the search (the liveness phase, the symmetry check) made cooperative: they
// count steps and look at the clock every 4,096, and every ~100 ms let the event loop run (so
// that a signal handler can ask to stop) and check the search's stop conditions (`stopReason`:
// the stop request, the memory budget). A stop unwinds the loop as `Stopped`.

/** Why a search stopped before its end: asked to (a signal), or a limit. */
export type StopStatus = 'limit' | 'interrupted';

/** What can stop a search besides its own end: a stop request, a memory budget in MiB. */
export interface StopConditions {
  readonly shouldStop?: () => boolean;
  readonly maxMemoryMb?: number;
}

export class Stopped extends Error {
  constructor(
    readonly status: StopStatus,
    readonly limit?: string,
  ) {
    super(limit ?? status);
  }
}

export class Pacer {
  private steps = 0;
  private last = Date.now();

  constructor(private readonly opts: StopConditions) {}

  /** Count a step: null, or every ~100 ms a pause to await (which throws Stopped when asked to stop). */
  step(): Promise<void> | null {
    if ((++this.steps & 4095) !== 0 || Date.now() - this.last < 100) return null;
    return this.pause();
  }

  /** Let the event loop run, then throw Stopped if a stop condition holds. */
  async pause(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.last = Date.now();
    const why = stopReason(this.opts);
    if (why) throw new Stopped(why.status, why.limit);
  }
}

/** Why to stop now, polled now and then: Ctrl-C, or the memory budget. */
export function stopReason(opts: StopConditions): { status: StopStatus; limit?: string } | null {
  if (opts.shouldStop?.()) return { status: 'interrupted' };
  if (opts.maxMemoryMb !== undefined && process.memoryUsage.rss() > opts.maxMemoryMb * 1048576) {
    return { status: 'limit', limit: `--memory ${opts.maxMemoryMb} (MiB of resident memory)` };
  }
  return null;
}
