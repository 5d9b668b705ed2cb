// Expanding one state: its successors within the constraints, with the action properties
// checked on every step, and the checks of a newly found state (invariants, reachability
// goals). One Expander per thread: the sequential search and each parallel worker use the
// same code, so they count and check alike.

import type { StatePredicate, StepPredicate } from '../../api/model.ts';
import { impliedChecks } from '../../liveness/implied.ts';
import { asDomainFault, ModelError, ModelFault, type Instance } from '../instance.ts';
import type { StateFingerprint } from './trace.ts';

/** Names of the properties and constraints to use (each default: all the spec declares). */
export interface Selection {
  readonly invariants?: readonly string[];
  readonly actionProperties?: readonly string[];
  readonly reachable?: readonly string[];
  readonly constraints?: readonly string[];
  readonly actionConstraints?: readonly string[];
  /** Temporal properties whose `[]P` and `refines` parts are checked here, named after the property (TLC's implied invariants and actions). */
  readonly implied?: readonly string[];
}

export function pick<T>(kind: string, all: { readonly [name: string]: T } | undefined, names: readonly string[] | undefined): [string, T][] {
  const entries = Object.entries(all ?? {});
  if (!names) return entries;
  return names.map((n) => {
    // Own keys only, so that `toString` names nothing rather than Object.prototype's.
    const found = all !== undefined && Object.hasOwn(all, n) ? all[n] : undefined;
    if (found === undefined) {
      const known = entries.map(([k]) => k);
      throw new ModelError('init', n, new Error(`unknown ${kind} ${n}${known.length ? ` (known: ${known.join(', ')})` : ''}`));
    }
    return [n, found];
  });
}

/** How an Expander repeats expansions to catch actions that are not functions of their state. */
export interface Verification<S> {
  readonly fpOf: StateFingerprint<S>;
  /** Every state (--paranoid), rather than a sample: the first 64 and one in 256 after. */
  readonly everyState: boolean;
}

// The sample: the first FIRST expansions (a systematic flaw shows at once), then one in EVERY.
const FIRST = 64, EVERY = 256;

export class Expander<S> {
  readonly invariants: [string, StatePredicate<S>][];
  readonly actionProps: [string, StepPredicate<S>][];
  readonly reachables: [string, StatePredicate<S>][];
  private readonly constraints: [string, StatePredicate<S>][];
  private readonly actionConstraints: [string, StepPredicate<S>][];

  /** Successors produced (TLC's `generated`, without the initial states). */
  generated = 0;
  /** Successors produced per label. */
  readonly coverageGen: number[] = [];
  /** States whose expansion finished (a search stopped at a violation leaves one half done). */
  expanded = 0;
  /** Properties already violated: not checked again. */
  readonly violated = new Set<string>();

  private current: S | undefined;
  private count = 0;
  private emit: (next: S, labelId: number) => void = () => {};
  private onBroken: (property: string, labelId: number, next: S) => void = () => {};
  private readonly onSuccessor = (next: S, labelId: number): void => {
    this.generated++;
    this.count++;
    this.coverageGen[labelId] = (this.coverageGen[labelId] ?? 0) + 1;
    const before = this.current as S;
    const inst = this.inst;
    for (const [name, c] of this.actionConstraints) if (!inst.testStep('constraint', name, c, before, next, labelId)) return;
    if (!this.inModel(next)) return;
    for (const [name, p] of this.actionProps) {
      if (!this.violated.has(name) && !inst.testStep('actionProperty', name, p, before, next, labelId)) this.onBroken(name, labelId, next);
    }
    try {
      this.emit(next, labelId);
    } catch (e) {
      throw asDomainFault(e, next, 'action', inst.labels.texts[labelId]);
    }
  };

  constructor(
    readonly inst: Instance<S>,
    sel: Selection,
    private readonly verification?: Verification<S>,
  ) {
    const spec = inst.spec;
    this.invariants = pick('invariant', spec.invariants, sel.invariants);
    this.actionProps = pick('action property', spec.actionProperties, sel.actionProperties);
    this.reachables = pick('reachability check', spec.reachable, sel.reachable);
    this.constraints = pick('constraint', spec.constraints, sel.constraints);
    this.actionConstraints = pick('action constraint', spec.actionConstraints, sel.actionConstraints);
    for (const [name, f] of pick('temporal property', spec.properties, sel.implied ?? [])) {
      const checks = impliedChecks(inst, f);
      if (checks?.invariant) this.invariants.push([name, checks.invariant]);
      if (checks?.step) this.actionProps.push([name, checks.step]);
    }
  }

  /** Whether `s` satisfies the state constraints (else it is neither kept nor expanded). */
  inModel(s: S): boolean {
    for (const [name, c] of this.constraints) if (!this.inst.test('constraint', name, c, s)) return false;
    return true;
  }

  /**
   * Expand `s`: `emit` each successor within the constraints, `broken` each step that violates
   * a not yet violated action property. Returns the number of successors before constraints
   * (zero is a deadlock unless `s` is terminal).
   */
  expand(s: S, emit: (next: S, labelId: number) => void, broken: (property: string, labelId: number, next: S) => void): number {
    this.current = s;
    this.count = 0;
    this.emit = emit;
    this.onBroken = broken;
    this.inst.successors(s, this.onSuccessor);
    const n = this.count;
    const v = this.verification;
    if (v && (v.everyState || this.expanded < FIRST || this.expanded % EVERY === 0)) this.verify(s, v.fpOf);
    this.expanded++;
    return n;
  }

  /**
   * Expand `s` twice more and compare the steps and successors: an action that reads a clock,
   * a random number or a variable of its own, or changes what it was given, is not a
   * function of its state, and the search's counts and traces would mean nothing.
   */
  private verify(s: S, fpOf: StateFingerprint<S>): void {
    const once = this.successorKeys(s, fpOf);
    const again = this.successorKeys(s, fpOf);
    if (once.length === again.length && once.every((k, i) => k === again[i])) return;
    const a = new Set(once), b = new Set(again);
    const differs = [...once.filter((k) => !b.has(k)), ...again.filter((k) => !a.has(k))][0];
    const labelId = differs === undefined ? -1 : Number(differs.slice(0, differs.indexOf(':')));
    const what = labelId >= 0 ? this.inst.labels.texts[labelId] : 'Next';
    const counts = once.length === again.length ? `different successors (${once.length} each time)` : `${once.length} successors, then ${again.length}`;
    throw new ModelFault('action', what, `is not deterministic: expanding the last state below twice gave ${counts}; an action must be a function of its state (no clock, random number, counter of its own or change to the state it is given)`);
  }

  private successorKeys(s: S, fpOf: StateFingerprint<S>): string[] {
    const keys: string[] = [];
    this.inst.successors(s, (next, labelId) => {
      let f;
      try {
        f = fpOf(next);
      } catch (e) {
        throw asDomainFault(e, next, 'action', this.inst.labels.texts[labelId]);
      }
      keys.push(`${labelId}:${f.hi}:${f.lo}`);
    });
    return keys.sort();
  }

  /** Check a newly found state: `broken` per violated invariant (until it returns true), `reached` per goal it meets. */
  checkNew(s: S, broken: (invariant: string) => boolean | void, reached: (goal: string) => void, goalsMet: { has(goal: string): boolean }): void {
    const inst = this.inst;
    for (const [name, p] of this.invariants) {
      // `broken` returning true ends the checks: the search stops at this violation.
      if (!this.violated.has(name) && !inst.test('invariant', name, p, s) && broken(name)) return;
    }
    for (const [name, p] of this.reachables) {
      if (!goalsMet.has(name) && inst.test('reachable', name, p, s)) reached(name);
    }
  }
}
