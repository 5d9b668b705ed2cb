// From temporal formulas to what the graph search needs: the state predicates to evaluate on
// every state (atoms), and for each conjunct of a property an obligation describing the
// behaviours that violate it. The negation of each supported shape has a one- or two-state
// Büchi automaton, which collapses to "reach a seed state, then stay in a region forever,
// visiting accepting states infinitely often" — so no explicit product graph is built.

import type { StatePredicate } from '../api/model.ts';
import type { Temporal } from '../api/temporal.ts';

/** A state test over the recorded atoms: `atoms[k][state]`. */
export type StateTest = (v: number) => boolean;

export type Obligation =
  /** `[]P`: violated by a finite path to a state outside P. */
  | { readonly kind: 'safety'; readonly bad: StateTest }
  /**
   * A violating behaviour reaches a `seed` (from an initial state, along any path), then
   * stays in `region` forever (the seed included), passing `accepting` states infinitely often.
   */
  | { readonly kind: 'cycle'; readonly seed: StateTest; readonly region: StateTest; readonly accepting: StateTest | null; readonly premise?: number };

export interface CompiledProperty {
  readonly name: string;
  readonly obligations: Obligation[];
}

/** Interns predicates by identity, so a predicate shared by several formulas is evaluated once. */
export class AtomTable<S> {
  readonly predicates: StatePredicate<S>[] = [];
  /** The first property that used each atom (to name it when it throws). */
  readonly owners: string[] = [];
  private readonly ids = new Map<StatePredicate<S>, number>();

  intern(p: StatePredicate<S>, owner: string): number {
    let id = this.ids.get(p);
    if (id === undefined) {
      id = this.predicates.length;
      this.predicates.push(p);
      this.owners.push(owner);
      this.ids.set(p, id);
    }
    return id;
  }
}

/** A property's conjuncts as atom ids, before the graph (and so the atom values) exists. */
export type Shape =
  | { readonly op: 'always' | 'eventually' | 'alwaysEventually' | 'eventuallyAlways'; readonly p: number }
  | { readonly op: 'leadsTo'; readonly p: number; readonly q: number };

export function shapesOf<S>(name: string, f: Temporal<S>, atoms: AtomTable<S>): Shape[] {
  if (f.op === 'and') return f.parts.flatMap((part) => shapesOf(name, part, atoms));
  if (f.op === 'leadsTo') return [{ op: 'leadsTo', p: atoms.intern(f.p, name), q: atoms.intern(f.q, name) }];
  return [{ op: f.op, p: atoms.intern(f.p, name) }];
}

/** The obligation whose witnesses are exactly the behaviours violating `shape`. */
export function obligationOf(shape: Shape, atoms: readonly Uint8Array[], initial: number): Obligation {
  const P = atoms[shape.p];
  const all: StateTest = () => true;
  switch (shape.op) {
    case 'always':
      return { kind: 'safety', bad: (v) => P[v] === 0 };
    case 'eventually': // []¬P from an initial state
      return { kind: 'cycle', seed: (v) => v < initial && P[v] === 0, region: (v) => P[v] === 0, accepting: null };
    case 'alwaysEventually': // <>[]¬P
      return { kind: 'cycle', seed: (v) => P[v] === 0, region: (v) => P[v] === 0, accepting: null };
    case 'eventuallyAlways': // []<>¬P
      return { kind: 'cycle', seed: (v) => v < initial, region: all, accepting: (v) => P[v] === 0 };
    case 'leadsTo': {
      // <>(P ∧ []¬Q)
      const Q = atoms[shape.q];
      return { kind: 'cycle', seed: (v) => P[v] === 1 && Q[v] === 0, region: (v) => Q[v] === 0, accepting: null, premise: shape.p };
    }
  }
}
