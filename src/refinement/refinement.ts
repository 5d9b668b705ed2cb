// Refinement as step simulation, TLC's `PROPERTY A!Spec` without A's fairness: the search
// checks that each initial state maps to an initial state of the abstract model and each
// step to an abstract step or a stutter (equal mapped states), so a violation comes with the
// search's shortest trace. Abstract states are compared by fingerprint, as the search
// compares states; each abstract state's successors are computed once.

import type { Refinement, StatePredicate } from '../api/model.ts';
import { Fingerprinter } from '../engine/state/fingerprint.ts';
import { Instance } from '../engine/instance.ts';
import type { Violation } from '../engine/search/result.ts';

export class RefinementCheck<S, A = unknown> {
  private readonly abstract: Instance<A>;
  private readonly fp = new Fingerprinter();
  private readonly abstractInit: Set<string>;
  private readonly concreteInit: Set<string>;
  private readonly successors = new Map<string, Set<string>>();

  constructor(
    inst: Instance<S>,
    private readonly r: Refinement<S, A>,
  ) {
    this.abstract = Instance.create(r.spec, r.constants ?? {});
    this.abstractInit = new Set(this.abstract.initialStates().map((a) => this.fp.hex(a)));
    this.concreteInit = new Set(inst.initialStates().map((s) => this.fp.hex(s)));
  }

  /** Holds of every state but an initial state that maps outside the abstract initial states. */
  readonly initOk: StatePredicate<S> = (s) => !this.concreteInit.has(this.fp.hex(s)) || this.abstractInit.has(this.fp.hex(this.r.map(s)));

  /** A step maps to a stutter or to a step of the abstract model. */
  readonly stepOk = (before: S, after: S): boolean => {
    const from = this.r.map(before);
    const a = this.fp.hex(from);
    const b = this.fp.hex(this.r.map(after));
    return a === b || this.successorsOf(from, a).has(b);
  };

  /**
   * The search's violation of this property (recorded as an invariant or action property) in
   * TLC's words for `A!Spec`, with the trace mapped to abstract states; undefined when this
   * refinement holds on the trace (another part of the property failed).
   */
  explain(v: Violation<S>): Violation<S> | undefined {
    const states = v.trace?.states.map((t) => t.state);
    if (!states) return undefined;
    const last = states.length - 1;
    const atInit = v.kind === 'invariant' && !this.initOk(states[last]);
    if (!atInit && !(v.kind === 'action' && !this.stepOk(states[last - 1], states[last]))) return undefined;
    const mapped = states.map((s) => this.r.map(s));
    const keys = mapped.map((a) => this.fp.hex(a));
    return {
      ...v,
      kind: 'refinement',
      message: atInit ? `Property ${v.property} is violated by the initial state.` : `Action property ${v.property} is violated.`,
      refinement: { abstract: this.r.spec.name, states: mapped.map((state, k) => ({ state, stutter: k > 0 && keys[k] === keys[k - 1] })) },
    };
  }

  private successorsOf(a: A, key: string): Set<string> {
    let next = this.successors.get(key);
    if (!next) {
      const found = new Set<string>();
      this.abstract.successors(a, (n) => found.add(this.fp.hex(n)));
      this.successors.set(key, (next = found));
    }
    return next;
  }
}
