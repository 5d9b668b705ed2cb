// Exhaustive breadth-first exploration: the safety half of checking. States are discovered
// level by level, so the first violation of each property is reached by a shortest trace.
// Counting follows TLC: `generated` = initial states produced + one per successor produced
// (self-loops and duplicates included), `distinct` = states kept, `depth` = BFS levels.

import type { StatePredicate, StepPredicate } from '../api/model.ts';
import { Fingerprinter } from './fingerprint.ts';
import { Frontier } from './frontier.ts';
import { INIT_LABEL, ModelError, type Instance, type ModelPart } from './instance.ts';
import { StateGraphBuilder, type StateGraph } from './state-graph.ts';
import { StateTable } from './state-table.ts';
import { fingerprintFor, pathTo, rebuildTrace, replayPath, type Trace } from './trace.ts';

export type ViolationKind = 'invariant' | 'action' | 'deadlock' | 'reachability' | 'liveness';

export interface Violation<S> {
  readonly property: string;
  readonly kind: ViolationKind;
  readonly message: string;
  /** Null where no trace exists (a reachability check that never came true). */
  readonly trace: Trace<S> | null;
}

export interface Progress {
  readonly depth: number;
  readonly generated: number;
  readonly distinct: number;
  readonly queue: number;
  readonly elapsedMs: number;
}

export interface CoverageRow {
  readonly label: string;
  readonly action: string;
  /** New states first reached by this label. */
  readonly distinct: number;
  /** Successors produced by this label. */
  readonly generated: number;
}

export interface ReachabilityResult<S> {
  readonly name: string;
  /** True when witnessed, false when the complete search never met it, null when unknown. */
  readonly reached: boolean | null;
  readonly trace: Trace<S> | null;
}

export type Status = 'ok' | 'violation' | 'error' | 'limit' | 'interrupted';

export interface CheckResult<S> {
  readonly status: Status;
  /** Whether every reachable state (within constraints and depth bound) was explored. */
  readonly complete: boolean;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly queueLeft: number;
  readonly violations: Violation<S>[];
  /** The model threw: which part, and the trace to the state where it happened. */
  readonly error?: { readonly part: ModelPart; readonly name: string; readonly message: string; readonly trace: Trace<S> | null };
  /** Why the search stopped early (`limit`): the bound that was hit. */
  readonly limit?: string;
  readonly reachability: ReachabilityResult<S>[];
  readonly coverage: CoverageRow[];
  readonly outdegree: { readonly min: number; readonly max: number; readonly avg: number };
  readonly collisionProbability: number;
  readonly elapsedMs: number;
  /** The reachable graph, when asked for (liveness checking, graph export). */
  readonly graph?: StateGraph;
  /** The seen set's own memory, in bytes. */
  readonly tableBytes: number;
  /** How long the liveness phase took (absent when it did not run). */
  readonly livenessMs?: number;
  /** Setups that may make the verdict vacuous or incomplete. */
  readonly warnings?: string[];
  /** Rebuild the states along a path of state indices (see trace.ts `replayPath`). */
  readonly replay: (path: readonly number[], edgeLabels?: readonly number[]) => Trace<S>['states'];
}

export interface ExploreOptions<S> {
  /** Names of the invariants, action properties and reachability checks to check (default all). */
  readonly invariants?: readonly string[];
  readonly actionProperties?: readonly string[];
  readonly reachable?: readonly string[];
  /** Names of the state and step constraints to apply (default all). */
  readonly constraints?: readonly string[];
  readonly actionConstraints?: readonly string[];
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

export function pick<T>(kind: string, all: { readonly [name: string]: T } | undefined, names: readonly string[] | undefined): [string, T][] {
  const entries = Object.entries(all ?? {});
  if (!names) return entries;
  return names.map((n) => {
    const found = all?.[n];
    if (found === undefined) {
      const known = entries.map(([k]) => k);
      throw new ModelError('init', n, new Error(`unknown ${kind} ${n}${known.length ? ` (known: ${known.join(', ')})` : ''}`));
    }
    return [n, found];
  });
}

/** Explore every reachable state of `inst` breadth-first and check its safety properties. */
export async function explore<S>(inst: Instance<S>, opts: ExploreOptions<S> = {}): Promise<CheckResult<S>> {
  const spec = inst.spec;
  const invariants = pick<StatePredicate<S>>('invariant', spec.invariants, opts.invariants);
  const actionProps = pick<StepPredicate<S>>('action property', spec.actionProperties, opts.actionProperties);
  const reachables = pick<StatePredicate<S>>('reachability check', spec.reachable, opts.reachable);
  const constraints = pick<StatePredicate<S>>('constraint', spec.constraints, opts.constraints);
  const actionConstraints = pick<StepPredicate<S>>('action constraint', spec.actionConstraints, opts.actionConstraints);
  const checkDeadlock = opts.checkDeadlock ?? true;
  const keepGoing = opts.continueAfterViolation ?? false;
  const maxStates = opts.maxStates ?? Infinity;
  const maxDepth = opts.maxDepth ?? Infinity;
  const progressEvery = opts.progressEveryMs ?? 60_000;

  const start = Date.now();
  const fpOf = fingerprintFor(inst, new Fingerprinter(), opts.symmetry ?? false);
  const table = new StateTable();
  const graph = opts.graph ? new StateGraphBuilder(opts.graph.atoms.length) : null;
  const atoms = opts.graph?.atoms ?? [];
  const labels = inst.labels;

  let generated = 0;
  let depth = 0;
  let complete = true;
  let status: Status = 'ok';
  let limit: string | undefined;
  const violations: Violation<S>[] = [];
  const violated = new Set<string>();
  // Where each violated property was first seen: a state index, plus the step for an action property.
  const violationAt: { property: string; kind: ViolationKind; message: string; index: number; length: number; step?: { labelId: number; next: S } }[] = [];
  // The length (in states) of the shortest counterexample recorded so far.
  let shortest = Infinity;
  const witnessAt = new Map<string, number>();
  const coverageGen: number[] = [];
  const coverageNew: number[] = [];
  let outMin = Infinity, outMax = 0, outSum = 0, expanded = 0;
  let error: CheckResult<S>['error'];
  let errorIndex = -1;

  // The frontier: states in discovery order, from the one of index `head` on.
  const queue = new Frontier<S>();

  // Stop (unless continuing) once nothing shorter can turn up: expanding a state of BFS level
  // `level` can still reveal a deadlock of length `level`, so a violation found earlier in the
  // level (an invariant of length level + 1) must wait for the level's end.
  const stopNow = (level: number) => !keepGoing && shortest <= level;
  const record = (property: string, kind: ViolationKind, message: string, index: number, step?: { labelId: number; next: S }) => {
    if (violated.has(property)) return;
    violated.add(property);
    const length = pathTo(table, index).length + (step ? 1 : 0);
    if (length < shortest) shortest = length;
    violationAt.push({ property, kind, message, index, length, step });
  };

  // Check a new state's invariants and reachability goals.
  const onNewState = (s: S, index: number) => {
    for (const [name, p] of invariants) {
      if (!violated.has(name) && !inst.test('invariant', name, p, s)) record(name, 'invariant', `Invariant ${name} is violated.`, index);
    }
    for (const [name, p] of reachables) {
      if (!witnessAt.has(name) && inst.test('reachable', name, p, s)) witnessAt.set(name, index);
    }
    if (graph) {
      const bits = atoms.map((a, k) => inst.test('temporal', `predicate #${k + 1}`, a, s));
      graph.addState(bits);
    }
  };

  const inModel = (s: S) => {
    for (const [name, c] of constraints) if (!inst.test('constraint', name, c, s)) return false;
    return true;
  };

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
      onNewState(s, r);
    }
    return r;
  };

  try {
    // Initial states.
    for (const s of inst.initialStates()) {
      generated++;
      if (!inModel(s)) continue;
      add(s, -1, INIT_LABEL);
      if ((status as Status) === 'limit' || stopNow(1)) break;
    }
    if (table.size > 0) depth = 1;

    let levelEnd = table.size;
    let head = 0;
    let lastProgress = start;
    let lastYield = start;
    let current: S | undefined;
    let currentIndex = -1;
    let successorCount = 0;

    const onSuccessor = (next: S, labelId: number) => {
      generated++;
      successorCount++;
      coverageGen[labelId] = (coverageGen[labelId] ?? 0) + 1;
      const before = current as S;
      for (const [name, c] of actionConstraints) if (!inst.testStep('constraint', name, c, before, next, labelId)) return;
      if (!inModel(next)) return;
      for (const [name, p] of actionProps) {
        // The trace is the path to the state before the step, plus the step itself.
        if (!violated.has(name) && !inst.testStep('actionProperty', name, p, before, next, labelId)) {
          record(name, 'action', `Action property ${name} is violated.`, currentIndex, { labelId, next });
        }
      }
      const r = add(next, currentIndex, labelId);
      if (r >= 0) coverageNew[labelId] = (coverageNew[labelId] ?? 0) + 1;
      if (graph) graph.addEdge(r >= 0 ? r : -r - 1, labelId);
    };

    while (head < table.size && status === 'ok' && !stopNow(head < levelEnd ? depth : depth + 1)) {
      if (head === levelEnd) {
        levelEnd = table.size;
        depth++;
      }
      const index = head++;
      current = queue.shift();
      currentIndex = index;
      errorIndex = index;
      if (graph) graph.beginState(index);
      if (depth >= maxDepth) {
        complete = false;
        if (graph) graph.endState(false);
      } else {
        successorCount = 0;
        inst.successors(current, onSuccessor);
        if (graph) graph.endState();
        expanded++;
        outSum += successorCount;
        if (successorCount < outMin) outMin = successorCount;
        if (successorCount > outMax) outMax = successorCount;
        if (successorCount === 0 && checkDeadlock && !inst.isTerminal(current)) record('Deadlock', 'deadlock', 'Deadlock reached.', index);
      }
      if ((index & 255) === 0) {
        const now = Date.now();
        if (opts.onProgress && now - lastProgress >= progressEvery) {
          lastProgress = now;
          opts.onProgress({ depth, generated, distinct: table.size, queue: table.size - head, elapsedMs: now - start });
        }
        if (now - lastYield >= 100) {
          // Yield to the event loop so that Ctrl-C (SIGINT) can be noticed.
          await new Promise((r) => setImmediate(r));
          lastYield = Date.now();
          if (opts.shouldStop?.()) {
            status = 'interrupted';
            complete = false;
          } else if (opts.maxMemoryMb !== undefined && process.memoryUsage.rss() > opts.maxMemoryMb * 1048576) {
            status = 'limit';
            limit = `--memory ${opts.maxMemoryMb} (MiB of resident memory)`;
            complete = false;
          }
        }
      }
    }
    if (head < table.size) complete = false;
    const queueLeft = table.size - head;

    return finish(queueLeft);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    status = 'error';
    complete = false;
    let trace: Trace<S> | null = null;
    if (e.part !== 'init' && errorIndex >= 0) {
      try {
        trace = rebuildTrace(inst, table, errorIndex, fpOf);
      } catch {
        trace = null;
      }
    }
    error = { part: e.part, name: e.what, message: e.message, trace };
    return finish(0);
  }

  function finish(queueLeft: number): CheckResult<S> {
    for (const v of violationAt) {
      // Stopping at the first violation reports only the shortest ones.
      if (!keepGoing && v.length > shortest) continue;
      let trace = rebuildTrace(inst, table, v.index, fpOf);
      if (v.step) {
        const { labelId, next } = v.step;
        trace = { states: [...trace.states, { label: labels.texts[labelId], step: labels.steps[labelId], state: next }] };
      }
      violations.push({ property: v.property, kind: v.kind, message: v.message, trace });
    }
    const reachability: ReachabilityResult<S>[] = reachables.map(([name]) => {
      const at = witnessAt.get(name);
      if (at !== undefined) return { name, reached: true, trace: rebuildTrace(inst, table, at, fpOf) };
      return { name, reached: complete ? false : null, trace: null };
    });
    for (const r of reachability) {
      if (r.reached === false) violations.push({ property: r.name, kind: 'reachability', message: `Reachability check ${r.name} is never satisfied: the model is vacuous there.`, trace: null });
    }
    if (violations.length > 0 && status === 'ok') status = 'violation';
    const coverage: CoverageRow[] = labels.texts.map((label, id) => ({
      label,
      action: labels.steps[id].action,
      distinct: coverageNew[id] ?? 0,
      generated: coverageGen[id] ?? 0,
    }));
    const distinct = table.size;
    return {
      status,
      complete,
      distinct,
      generated,
      depth,
      queueLeft,
      violations,
      error,
      limit,
      reachability,
      coverage,
      outdegree: { min: expanded ? outMin : 0, max: outMax, avg: expanded ? outSum / expanded : 0 },
      collisionProbability: (distinct * Math.max(0, generated - distinct)) / 2 ** 64,
      elapsedMs: Date.now() - start,
      graph: graph?.finish(table.size),
      tableBytes: table.bytes,
      replay: (path, edgeLabels) => replayPath(inst, table, path, fpOf, edgeLabels),
    };
  }
}
