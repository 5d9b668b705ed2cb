// The bookkeeping of a search, on the thread that owns the seen set: where each property was
// first violated (a state index, never a state: traces are replayed from the table at the
// end), which reachability goals were witnessed, and the assembly of the CheckResult. The
// sequential and the parallel search share it, so they report alike.

import type { Fingerprint } from '../state/fingerprint.ts';
import type { Expander } from './expand.ts';
import { ModelError, ModelFault, type Instance } from '../instance.ts';
import type { ViolationKind } from '../../errors.ts';
import type { CheckResult, CoverageRow, SearchResult, ReachabilityResult, Status, Violation } from './result.ts';
import type { StateGraph } from './state-graph.ts';
import type { StateTable } from '../state/table.ts';
import { pathTo, rebuildTrace, ReplayError, replayPath, successorWith, type StateFingerprint, type Trace } from './trace.ts';

/** The step of an action-property violation: its label and the successor (or its fingerprint). */
export interface BrokenStep<S> {
  readonly labelId: number;
  readonly next?: S;
  readonly nextFp?: Fingerprint;
}

interface At<S> {
  readonly property: string;
  readonly kind: ViolationKind;
  readonly message: string;
  readonly index: number;
  readonly length: number;
  readonly step?: BrokenStep<S>;
}

/** Counts that the thread(s) expanding states contribute (summed over workers). */
export interface ExpansionCounts {
  readonly generated: number;
  readonly coverageGen: readonly number[];
  readonly expanded: number;
}

export function countsOf<S>(e: Expander<S>): ExpansionCounts {
  return { generated: e.generated, coverageGen: e.coverageGen, expanded: e.expanded };
}

export function addCounts(a: ExpansionCounts, b: ExpansionCounts): ExpansionCounts {
  const coverageGen: number[] = [];
  for (let i = 0; i < Math.max(a.coverageGen.length, b.coverageGen.length); i++) coverageGen[i] = (a.coverageGen[i] ?? 0) + (b.coverageGen[i] ?? 0);
  return {
    generated: a.generated + b.generated,
    coverageGen,
    expanded: a.expanded + b.expanded,
  };
}

/**
 * Told of every violation the search meets, not only each property's first: the property, its
 * kind and the shortest trace to the violating state (for an action property, with the
 * violating step). Called in breadth-first order, so each property's traces never get shorter.
 */
export type ViolationVisitor<S> = (property: string, kind: ViolationKind, trace: Trace<S>) => void;

/** The property name under which a deadlock is reported (and not reported twice). */
export const DEADLOCK = 'Deadlock';

export class Outcome<S> {
  /** The length (in states) of the shortest counterexample recorded so far. */
  shortest = Infinity;
  readonly witnessAt = new Map<string, number>();
  readonly coverageNew: number[] = [];
  private readonly at: At<S>[] = [];
  // States rebuilt for the visitor, by index: violating states come in runs (a broken state
  // stays broken in its successors), so most traces extend one rebuilt just before. Bounded.
  private readonly rebuilt = new Map<number, S>();
  private error: CheckResult<S>['error'];

  constructor(
    private readonly inst: Instance<S>,
    private readonly table: StateTable,
    private readonly fpOf: StateFingerprint<S>,
    private readonly keepGoing: boolean,
    private readonly reachables: readonly string[],
    /** Properties violated so far (shared with a sequential search's Expander, which skips them). */
    readonly violated = new Set<string>(),
    /** Told of every violation; the search must then check violated properties again (not share `violated`). */
    private readonly visit?: ViolationVisitor<S>,
  ) {}

  /** Whether to stop before expanding level `level`: nothing shorter can turn up any more. */
  stopBefore(level: number): boolean {
    return !this.keepGoing && this.shortest <= level;
  }

  /** Whether a violation was found and the search is not told to go on: it stops at once, as TLC does. */
  get halted(): boolean {
    return !this.keepGoing && this.at.length > 0;
  }

  /** At a halt, the level of the violating state (TLC's depth then), else undefined. */
  get haltedAt(): number | undefined {
    return this.halted ? this.at[0].length : undefined;
  }

  invariant(name: string, index: number): void {
    this.record(name, 'invariant', `Invariant ${name} is violated.`, index);
  }

  action(name: string, index: number, step: BrokenStep<S>): void {
    this.record(name, 'action', `Action property ${name} is violated.`, index, step);
  }

  deadlock(index: number): void {
    this.record(DEADLOCK, 'deadlock', 'Deadlock reached.', index);
  }

  witness(goal: string, index: number): void {
    if (!this.witnessAt.has(goal)) this.witnessAt.set(goal, index);
  }

  newState(labelId: number): void {
    this.coverageNew[labelId] = (this.coverageNew[labelId] ?? 0) + 1;
  }

  /** The model threw while handling the state at `index` (-1: none yet). */
  fail(e: ModelError, index: number): void {
    let trace: Trace<S> | null = null;
    if (e.part !== 'init' && index >= 0) {
      try {
        trace = rebuildTrace(this.inst, this.table, index, this.fpOf);
      } catch {
        trace = null;
      }
    }
    this.error = { part: e.part, name: e.what, message: e.message, trace, fault: e instanceof ModelFault || undefined };
  }

  /**
   * A trace rebuilt by `rebuild`, or, when the model no longer replays it, the part that did
   * replay: the violation is kept, and the run ends in the model's error.
   */
  private traceOrPart(rebuild: () => Trace<S>): Trace<S> {
    try {
      return rebuild();
    } catch (e) {
      if (!(e instanceof ReplayError)) throw e;
      const trace = { states: e.partial as Trace<S>['states'] };
      this.error ??= { part: e.part, name: e.what, message: e.message, trace, fault: true };
      return trace;
    }
  }

  private record(property: string, kind: ViolationKind, message: string, index: number, step?: BrokenStep<S>): void {
    if (this.visit) {
      if (this.rebuilt.size > 1 << 16) this.rebuilt.clear();
      this.visit(property, kind, this.traceOrPart(() => this.traceTo(index, step, this.rebuilt)));
    }
    if (this.violated.has(property)) return;
    this.violated.add(property);
    const length = pathTo(this.table, index).length + (step ? 1 : 0);
    if (length < this.shortest) this.shortest = length;
    this.at.push({ property, kind, message, index, length, step });
  }

  /** The shortest trace to the state at `index`, and for an action property the violating step after it. */
  private traceTo(index: number, step: BrokenStep<S> | undefined, memo?: Map<number, S>): Trace<S> {
    const { inst, table, fpOf } = this;
    const t = rebuildTrace(inst, table, index, fpOf, memo);
    if (!step) return t;
    const before = t.states[t.states.length - 1].state;
    let next = step.next;
    try {
      next ??= successorWith(inst, before, step.labelId, fpOf, step.nextFp!.hi, step.nextFp!.lo);
    } catch (e) {
      throw ReplayError.after(e, [...t.states]);
    }
    return { states: [...t.states, { label: inst.labels.texts[step.labelId], step: inst.labels.steps[step.labelId], state: next }] };
  }

  finish(run: {
    status: Status;
    complete: boolean;
    limit?: string;
    depth: number;
    queueLeft: number;
    counts: ExpansionCounts;
    initialGenerated: number;
    start: number;
    graph?: StateGraph;
  }): SearchResult<S> {
    const { inst, table, fpOf } = this;
    const labels = inst.labels;
    const violations: Violation<S>[] = [];
    for (const v of this.at) {
      // Stopping at the first violation reports only the shortest ones.
      if (!this.keepGoing && v.length > this.shortest) continue;
      const trace = this.traceOrPart(() => this.traceTo(v.index, v.step));
      violations.push({ property: v.property, kind: v.kind, message: v.message, trace });
    }
    const reachability: ReachabilityResult<S>[] = this.reachables.map((name) => {
      const at = this.witnessAt.get(name);
      if (at !== undefined) return { name, reached: true, trace: this.traceOrPart(() => rebuildTrace(inst, table, at, fpOf)) };
      return { name, reached: run.complete ? false : null, trace: null };
    });
    for (const r of reachability) {
      if (r.reached === false) violations.push({ property: r.name, kind: 'reachability', message: `Reachability check ${r.name} is never satisfied: the model is vacuous there.`, trace: null });
    }
    let status = run.status;
    if (this.error && (status === 'ok' || status === 'violation')) status = 'error';
    if (violations.length > 0 && status === 'ok') status = 'violation';
    const c = run.counts;
    const coverage: CoverageRow[] = labels.texts.map((label, id) => ({
      label,
      action: labels.steps[id].action,
      distinct: this.coverageNew[id] ?? 0,
      generated: c.coverageGen[id] ?? 0,
    }));
    const distinct = table.size;
    const generated = run.initialGenerated + c.generated;
    return {
      status,
      complete: run.complete,
      distinct,
      generated,
      depth: run.depth,
      queueLeft: run.queueLeft,
      violations,
      error: this.error,
      limit: run.limit,
      reachability,
      coverage,
      outdegree: outdegreeOf(table, Math.min(c.expanded, distinct)),
      collisionProbability: (distinct * Math.max(0, generated - distinct)) / 2 ** 64,
      elapsedMs: Date.now() - run.start,
      graph: run.graph,
      tableBytes: table.bytes,
      replay: (path, edgeLabels) => replayPath(inst, table, path, fpOf, edgeLabels),
    };
  }
}

/**
 * TLC's outdegree: per expanded state, how many new states its expansion found (the states
 * whose parent it is), over the first `expanded` states (those expanded in full, in index order).
 */
function outdegreeOf(table: StateTable, expanded: number): CheckResult<unknown>['outdegree'] {
  if (expanded === 0) return { min: 0, max: 0, avg: 0, p95: 0, states: 0 };
  const children = new Int32Array(expanded);
  for (let i = 0; i < table.size; i++) {
    const p = table.parent(i);
    if (p >= 0 && p < expanded) children[p]++;
  }
  let min = Infinity, max = 0, sum = 0;
  for (let i = 0; i < expanded; i++) {
    const k = children[i];
    sum += k;
    if (k < min) min = k;
    if (k > max) max = k;
  }
  // The 95th percentile: the least k that at least 95% of the states do not exceed.
  const histogram = new Float64Array(max + 1);
  for (let i = 0; i < expanded; i++) histogram[children[i]]++;
  let p95 = 0;
  for (let k = 0, seen = 0; k <= max; k++) {
    seen += histogram[k];
    if (seen >= 0.95 * expanded) {
      p95 = k;
      break;
    }
  }
  return { min, max, avg: sum / expanded, p95, states: expanded };
}
