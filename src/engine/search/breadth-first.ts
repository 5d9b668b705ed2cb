// The sequential breadth-first search: the safety half of checking. States are discovered
// level by level, so the first violation of each property is reached by a shortest trace.
// Counting follows TLC: `generated` = initial states produced + one per successor produced
// (self-loops and duplicates included), `distinct` = states kept, `depth` = BFS levels.
// The parallel search (parallel/coordinator.ts) runs its first levels with it.

import { Expander, type Selection } from './expand.ts';
import { Fingerprinter } from '../state/fingerprint.ts';
import { Frontier } from '../state/frontier.ts';
import { asDomainFault, INITIAL_LABEL_ID, ModelError, type Instance } from '../instance.ts';
import { addCounts, countsOf, Outcome, type ExpansionCounts, type ViolationVisitor } from './outcome.ts';
import { stopReason } from './pace.ts';
import type { Progress, SearchResult, Status } from './result.ts';
import { StateGraphBuilder, type GraphAtom } from './state-graph.ts';
import { StateTable } from '../state/table.ts';
import { fingerprintFor, type StateFingerprint } from './trace.ts';

export interface ExploreOptions<S> extends Selection {
  /** Deadlock (a state with no successor at all) is an error unless this is false. */
  readonly checkDeadlock?: boolean;
  /** Explore everything and report every violated property, each with its shortest trace. */
  readonly continueAfterViolation?: boolean;
  readonly maxStates?: number;
  /**
   * A budget for the process's resident memory, in MiB: the search stops (status `limit`)
   * with its counts and any traces so far rather than being killed by the system.
   */
  readonly maxMemoryMb?: number;
  /** States at this depth (initial states are depth 1) are not expanded. */
  readonly maxDepth?: number;
  /**
   * Expand every state three times and compare (default: a sample, the first 64 expansions
   * and one in 256 after), to catch actions that are not functions of their state.
   */
  readonly paranoid?: boolean;
  /** Record the reachable graph, with these state predicates evaluated on every state. */
  readonly graph?: { readonly atoms: readonly GraphAtom<S>[] };
  readonly onProgress?: (p: Progress) => void;
  readonly progressEveryMs?: number;
  /** Polled while exploring; true stops the search (Ctrl-C), keeping what was found. */
  readonly shouldStop?: () => boolean;
  /**
   * True applies the spec's declared symmetry (--symmetry, or a cfg SYMMETRY). Off by default,
   * as in TLC: it changes the counts, and canonicalising costs up to size! permutations per
   * generated state (far fewer with a `signature`).
   */
  readonly symmetry?: boolean;
  /**
   * Expand states on this many worker threads (default 1: this thread). Needs the model's
   * module (Instance.source); a run that records the graph (liveness) stays on this thread.
   */
  readonly workers?: number;
  /**
   * The parallel search runs sequentially until a level holds this many states per worker
   * (default 1024), then hands that level over to the workers. Tests set it low.
   */
  readonly handoverStates?: number;
  /**
   * Told of every violation, with its shortest trace (see ViolationVisitor): every state is
   * then checked against every property, violated or not. Runs on one thread.
   */
  readonly eachViolation?: ViolationVisitor<S>;
}

/**
 * What the parallel search (parallel/coordinator.ts) drives of the sequential one: it runs the
 * first levels here, pausing at a level boundary (`run(pauseAt)`), takes that level over
 * (`handOver`), explores the levels after it elsewhere, counting each here (`nextLevel`), and
 * ends here (`finish`). The seen set and the outcome stay the search's.
 */
export interface PausableSearch<S> {
  readonly table: StateTable;
  readonly outcome: Outcome<S>;
  readonly fpOf: StateFingerprint<S>;
  /** Search until done (false), or until a level boundary where `pauseAt(frontier size)` holds (true). */
  run(pauseAt?: (frontier: number) => boolean): Promise<boolean>;
  /** After a pause: `take` each state of the frontier (the next level) with its index, in order; returns how many. */
  handOver(take: (s: S, index: number) => void): number;
  /** The depth of the level being expanded, or at a pause of the last one expanded (initial states: 1). */
  readonly depth: number;
  /** A level explored elsewhere begins; returns its depth. */
  nextLevel(): number;
  stop(status: Status, limit?: string): void;
  /** Progress, with what was done elsewhere since the hand-over. */
  progress(elsewhere: Elsewhere): Progress;
  finish(elsewhere?: Elsewhere): SearchResult<S>;
}

/** What the levels explored elsewhere add to a search's own. */
export interface Elsewhere {
  readonly counts: ExpansionCounts;
  /** True when the levels stopped at the depth bound (`maxDepth`): what is left was not expanded. */
  readonly atDepthBound?: boolean;
}

/**
 * The sequential breadth-first search; the parallel search drives it through PausableSearch,
 * on every thread alike for the first levels.
 */
export class Search<S> implements PausableSearch<S> {
  private readonly start = Date.now();
  private readonly expander: Expander<S>;
  readonly fpOf: StateFingerprint<S>;
  readonly table: StateTable;
  readonly outcome: Outcome<S>;
  /** The frontier: the states of index `head` on, in discovery order. */
  private readonly queue = new Frontier<S>();
  private head = 0;
  private initialGenerated = 0;
  private level = 0;
  private complete = true;
  private status: Status = 'ok';
  private limit: string | undefined;

  private readonly checkDeadlock: boolean;
  private readonly maxStates: number;
  private readonly maxDepth: number;
  private readonly graph: StateGraphBuilder | null;
  private readonly atoms: readonly GraphAtom<S>[];
  // The state being handled, for a model error's trace.
  private errorIndex = -1;
  private currentIndex = -1;
  private current: S | undefined;
  private readonly onNext = (next: S, labelId: number): void => {
    // A step that returns the very object it started from (Immutable returns `this` for an
    // update that changes nothing) is a self-loop: that state is in the table already, so it
    // needs no fingerprint (TwoPhase: 37% of the successors).
    const r = next === this.current ? -(this.currentIndex + 1) : this.add(next, this.currentIndex, labelId);
    if (r >= 0) this.outcome.newState(labelId);
    if (this.graph) this.graph.addEdge(r >= 0 ? r : -r - 1, labelId);
    if (this.outcome.halted) {
      // The state just added violates an invariant. As TLC: it is found but not queued, and
      // nothing after it is generated.
      this.violatorQueued = true;
      throw HALT;
    }
  };
  private readonly onBroken = (name: string, labelId: number, next: S): void => {
    this.outcome.action(name, this.currentIndex, { labelId, next });
    if (this.outcome.halted) throw HALT;
  };
  // The checks of a new state (errorIndex), made once: a closure per state, named by the
  // build's keepNames, cost TwoPhase 2% of its time.
  // TLC reports the first invariant a state violates, then stops.
  private readonly onInvariant = (name: string): boolean => {
    this.outcome.invariant(name, this.errorIndex);
    return this.outcome.halted;
  };
  private readonly onGoal = (goal: string): void => this.outcome.witness(goal, this.errorIndex);
  // Whether the search stopped at a violating state it had just queued (TLC does not count it).
  private violatorQueued = false;

  constructor(
    readonly inst: Instance<S>,
    private readonly opts: ExploreOptions<S>,
    /** Keep the seen set in shared memory, for worker threads to read (the parallel search). */
    sharedTable = false,
  ) {
    this.table = new StateTable(1 << 16, sharedTable);
    this.fpOf = fingerprintFor(inst, new Fingerprinter(), opts.symmetry ?? false);
    this.expander = new Expander(inst, opts, { fpOf: this.fpOf, everyState: opts.paranoid ?? false });
    this.checkDeadlock = opts.checkDeadlock ?? true;
    this.maxStates = opts.maxStates ?? Infinity;
    this.maxDepth = opts.maxDepth ?? Infinity;
    const names = this.expander.reachables.map(([n]) => n);
    const visit = opts.eachViolation;
    this.outcome = new Outcome(inst, this.table, this.fpOf, opts.continueAfterViolation ?? false, names, visit ? undefined : this.expander.violated, visit);
    this.graph = opts.graph ? new StateGraphBuilder(opts.graph.atoms.length) : null;
    this.atoms = opts.graph?.atoms ?? [];
  }

  /** Add a state unless seen; returns its index (negative-encoded when already seen). */
  private add(s: S, parent: number, labelId: number): number {
    const f = this.fpOf(s);
    const table = this.table;
    const r = table.insert(f.hi, f.lo, parent, labelId);
    if (r >= 0) {
      if (table.size > this.maxStates) this.stop('limit', `--max-states ${this.maxStates}`);
      this.queue.push(s);
      this.errorIndex = r;
      if (this.graph) this.graph.addState(this.atoms.map((a) => this.inst.test('temporal', a.owner, a.test, s, `temporal property ${a.owner}`)));
      this.expander.checkNew(s, this.onInvariant, this.onGoal, this.outcome.witnessAt);
      // Back to the state being expanded: an error from here on is its action's.
      this.errorIndex = this.currentIndex;
    }
    return r;
  }

  stop(status: Status, limit?: string): void {
    this.status = status;
    this.limit = limit;
    this.complete = false;
  }

  /**
   * Search until done, or until a level boundary where `pauseAt(frontier size)` holds (then
   * the frontier is the next level, not yet expanded, and the result is true).
   */
  async run(pauseAt?: (frontier: number) => boolean): Promise<boolean> {
    const { inst, table, queue, expander, outcome, graph, opts } = this;
    const progressEvery = opts.progressEveryMs ?? 60_000;
    try {
      for (const s of inst.initialStates()) {
        this.initialGenerated++;
        if (!expander.inModel(s)) continue;
        try {
          this.add(s, -1, INITIAL_LABEL_ID);
        } catch (e) {
          throw asDomainFault(e, s, 'init', 'init');
        }
        if (outcome.halted) this.violatorQueued = true;
        if (this.status !== 'ok' || outcome.halted) break;
      }
      if (table.size > 0) this.level = 1;
      opts.onProgress?.({ depth: this.level, generated: this.initialGenerated, distinct: table.size, queue: table.size, elapsedMs: Date.now() - this.start, phase: 'initial' });
      // A stop already requested (an aborted signal, a budget already exceeded) stops at once.
      const before = stopReason(opts);
      if (before && this.status === 'ok') this.stop(before.status, before.limit);

      let levelEnd = table.size;
      let lastProgress = this.start;
      let lastYield = this.start;
      // Expanding a state of level `depth` can still reveal a deadlock of length `depth`, so a
      // violation found earlier in the level (an invariant of length depth + 1) waits for the level's end.
      // TLC's rule: stop at the first violation (unless told to go on). Found in breadth-first
      // order, an invariant's or action property's counterexample is a shortest one.
      while (this.head < table.size && this.status === 'ok' && !outcome.halted) {
        if (this.head === levelEnd) {
          if (pauseAt?.(table.size - this.head)) return true;
          levelEnd = table.size;
          this.level++;
        }
        const index = this.head++;
        const current = queue.shift();
        this.current = current;
        this.currentIndex = index;
        this.errorIndex = index;
        if (graph) graph.beginState(index);
        if (this.level >= this.maxDepth) {
          this.complete = false;
          if (graph) graph.endState(false);
        } else {
          const n = expander.expand(current, this.onNext, this.onBroken);
          if (graph) graph.endState();
          if (n === 0 && this.checkDeadlock && !inst.isTerminal(current)) outcome.deadlock(index);
        }
        if ((index & 255) === 0) {
          const now = Date.now();
          if (opts.onProgress && now - lastProgress >= progressEvery) {
            lastProgress = now;
            opts.onProgress({ depth: this.level, generated: this.initialGenerated + expander.generated, distinct: table.size, queue: table.size - this.head, elapsedMs: now - this.start });
          }
          if (now - lastYield >= 100) {
            // Yield to the event loop so that Ctrl-C (SIGINT) can be noticed.
            await new Promise((r) => setImmediate(r));
            lastYield = Date.now();
            const why = stopReason(opts);
            if (why) this.stop(why.status, why.limit);
          }
        }
      }
      if (this.head < table.size) this.complete = false;
    } catch (e) {
      if (e === HALT) {
        // The state whose expansion met the violation keeps the edges it made up to it.
        this.graph?.endState();
        this.complete = false;
        return false;
      }
      if (!(e instanceof ModelError)) throw e;
      this.stop('error');
      outcome.fail(e, this.errorIndex);
      this.head = table.size;
    }
    return false;
  }

  get depth(): number {
    return this.level;
  }

  handOver(take: (s: S, index: number) => void): number {
    const size = this.table.size - this.head;
    for (let p = 0; p < size; p++) take(this.queue.shift(), this.head + p);
    return size;
  }

  nextLevel(): number {
    return ++this.level;
  }

  progress(elsewhere: Elsewhere): Progress {
    const { counts } = elsewhere;
    const generated = this.initialGenerated + this.expander.generated + counts.generated;
    const queue = this.table.size - this.head - counts.expanded;
    return { depth: this.level, generated, distinct: this.table.size, queue, elapsedMs: Date.now() - this.start };
  }

  finish(elsewhere?: Elsewhere): SearchResult<S> {
    if (elsewhere) {
      // The states expanded elsewhere are the ones after `head`, a level at a time.
      if (elsewhere.atDepthBound) this.complete = false;
      this.head = this.status === 'error' || elsewhere.atDepthBound ? this.table.size : this.head + elsewhere.counts.expanded;
      if (this.head < this.table.size) this.complete = false;
    }
    const own = countsOf(this.expander);
    const extra = elsewhere?.counts;
    return this.outcome.finish({
      status: this.status,
      complete: this.complete,
      limit: this.limit,
      depth: this.outcome.haltedAt ?? this.level,
      queueLeft: this.table.size - this.head - (this.violatorQueued ? 1 : 0),
      counts: extra ? addCounts(own, extra) : own,
      initialGenerated: this.initialGenerated,
      start: this.start,
      graph: this.graph?.finish(this.table.size),
    });
  }
}

/** Thrown from inside an expansion to stop the search at a violation, as TLC does. */
const HALT = new (class Halt {})();
