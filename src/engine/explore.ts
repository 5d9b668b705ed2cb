// Exhaustive breadth-first exploration: the safety half of checking. States are discovered
// level by level, so the first violation of each property is reached by a shortest trace.
// Counting follows TLC: `generated` = initial states produced + one per successor produced
// (self-loops and duplicates included), `distinct` = states kept, `depth` = BFS levels.

import type { StatePredicate } from '../api/model.ts';
import { Expander, type Selection } from './expand.ts';
import { Fingerprinter } from './fingerprint.ts';
import { Frontier } from './frontier.ts';
import { INIT_LABEL, ModelError, type Instance } from './instance.ts';
import { countsOf, Outcome } from './outcome.ts';
import type { CheckResult, Progress, Status } from './result.ts';
import { StateGraphBuilder } from './state-graph.ts';
import { StateTable } from './state-table.ts';
import { fingerprintFor } from './trace.ts';

export type { CheckResult, CoverageRow, Progress, ReachabilityResult, Status, Violation, ViolationKind } from './result.ts';

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
  /** Record the reachable graph, with these state predicates evaluated on every state. */
  readonly graph?: { readonly atoms: readonly StatePredicate<S>[] };
  readonly onProgress?: (p: Progress) => void;
  readonly progressEveryMs?: number;
  /** Polled while exploring; true stops the search (Ctrl-C), keeping what was found. */
  readonly shouldStop?: () => boolean;
  /**
   * True applies the spec's declared symmetry (--symmetry, or a cfg SYMMETRY). Off by default,
   * as in TLC: it costs size! permutations per generated state, and it changes the counts.
   */
  readonly symmetry?: boolean;
}

/** Explore every reachable state of `inst` breadth-first and check its safety properties. */
export async function explore<S>(inst: Instance<S>, opts: ExploreOptions<S> = {}): Promise<CheckResult<S>> {
  const start = Date.now();
  const expander = new Expander(inst, opts);
  const checkDeadlock = opts.checkDeadlock ?? true;
  const maxStates = opts.maxStates ?? Infinity;
  const maxDepth = opts.maxDepth ?? Infinity;
  const progressEvery = opts.progressEveryMs ?? 60_000;

  const fpOf = fingerprintFor(inst, new Fingerprinter(), opts.symmetry ?? false);
  const table = new StateTable();
  const outcome = new Outcome(inst, table, fpOf, opts.continueAfterViolation ?? false, expander.reachables.map(([n]) => n), expander.violated);
  const graph = opts.graph ? new StateGraphBuilder(opts.graph.atoms.length) : null;
  const atoms = opts.graph?.atoms ?? [];

  let initialGenerated = 0;
  let depth = 0;
  let complete = true;
  let status: Status = 'ok';
  let limit: string | undefined;
  // The state being handled, for a model error's trace.
  let errorIndex = -1;
  // The frontier: states in discovery order, from the one of index `head` on.
  const queue = new Frontier<S>();
  let head = 0;

  // Add a state unless seen; returns its index (negative-encoded when already seen).
  const add = (s: S, parent: number, labelId: number): number => {
    const f = fpOf(s);
    const r = table.insert(f.hi, f.lo, parent, labelId);
    if (r >= 0) {
      if (table.size > maxStates) {
        status = 'limit';
        limit = `--max-states ${maxStates}`;
        complete = false;
      }
      queue.push(s);
      errorIndex = r;
      expander.checkNew(s, (name) => outcome.invariant(name, r), (goal) => outcome.witness(goal, r), outcome.witnessAt);
      if (graph) graph.addState(atoms.map((a, k) => inst.test('temporal', `predicate #${k + 1}`, a, s)));
    }
    return r;
  };

  let currentIndex = -1;
  const onNext = (next: S, labelId: number) => {
    const r = add(next, currentIndex, labelId);
    if (r >= 0) outcome.newState(labelId);
    if (graph) graph.addEdge(r >= 0 ? r : -r - 1, labelId);
  };
  const onBroken = (name: string, labelId: number, next: S) => outcome.action(name, currentIndex, { labelId, next });

  try {
    for (const s of inst.initialStates()) {
      initialGenerated++;
      if (!expander.inModel(s)) continue;
      add(s, -1, INIT_LABEL);
      if ((status as Status) === 'limit' || outcome.stopBefore(1)) break;
    }
    if (table.size > 0) depth = 1;

    let levelEnd = table.size;
    let lastProgress = start;
    let lastYield = start;
    // Expanding a state of level `depth` can still reveal a deadlock of length `depth`, so a
    // violation found earlier in the level (an invariant of length depth + 1) waits for the level's end.
    while (head < table.size && status === 'ok' && !outcome.stopBefore(head < levelEnd ? depth : depth + 1)) {
      if (head === levelEnd) {
        levelEnd = table.size;
        depth++;
      }
      const index = head++;
      const current = queue.shift();
      currentIndex = index;
      errorIndex = index;
      if (graph) graph.beginState(index);
      if (depth >= maxDepth) {
        complete = false;
        if (graph) graph.endState(false);
      } else {
        const n = expander.expand(current, onNext, onBroken);
        if (graph) graph.endState();
        if (n === 0 && checkDeadlock && !inst.isTerminal(current)) outcome.deadlock(index);
      }
      if ((index & 255) === 0) {
        const now = Date.now();
        if (opts.onProgress && now - lastProgress >= progressEvery) {
          lastProgress = now;
          opts.onProgress({ depth, generated: initialGenerated + expander.generated, distinct: table.size, queue: table.size - head, elapsedMs: now - start });
        }
        if (now - lastYield >= 100) {
          // Yield to the event loop so that Ctrl-C (SIGINT) can be noticed.
          await new Promise((r) => setImmediate(r));
          lastYield = Date.now();
          const stop = stopReason(opts);
          if (stop) {
            status = stop.status;
            limit = stop.limit;
            complete = false;
          }
        }
      }
    }
    if (head < table.size) complete = false;
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    status = 'error';
    complete = false;
    outcome.fail(e, errorIndex);
    return outcome.finish({ status, complete, depth, queueLeft: 0, counts: countsOf(expander), initialGenerated, start, graph: graph?.finish(table.size) });
  }
  return outcome.finish({ status, complete, limit, depth, queueLeft: table.size - head, counts: countsOf(expander), initialGenerated, start, graph: graph?.finish(table.size) });
}

/** Why to stop now, polled now and then: Ctrl-C, or the memory budget. */
export function stopReason(opts: { shouldStop?: () => boolean; maxMemoryMb?: number }): { status: Status; limit?: string } | null {
  if (opts.shouldStop?.()) return { status: 'interrupted' };
  if (opts.maxMemoryMb !== undefined && process.memoryUsage.rss() > opts.maxMemoryMb * 1048576) {
    return { status: 'limit', limit: `--memory ${opts.maxMemoryMb} (MiB of resident memory)` };
  }
  return null;
}
