// From temporal formulas to what the graph search needs: the state predicates to evaluate on
// every state (atoms), and for each liveness conjunct of a property an obligation describing
// the behaviours that violate it. The negation of each supported shape has a one- or two-state
// Büchi automaton, which collapses to "reach a seed state, then stay in a region forever,
// visiting accepting states infinitely often" — so no explicit product graph is built. `[]P`
// and `refines` conjuncts are no liveness: the search checks them (implied.ts).

import type { StatePredicate } from '../api/model.ts';
import type { Temporal } from '../api/temporal.ts';
import type { GraphAtom } from '../engine/search/state-graph.ts';

/** A state test over the recorded atoms: `atoms[k][state]`. */
export type StateTest = (v: number) => boolean;

/**
 * The behaviours violating one conjunct: they reach a `seed` (from an initial state, along any
 * path), then stay in `region` forever (the seed included), passing `accepting` states
 * infinitely often.
 */
export interface Obligation {
  readonly seed: StateTest;
  readonly region: StateTest;
  readonly accepting: StateTest | null;
}

/** Interns predicates by identity, so a predicate shared by several formulas is evaluated once. */
export class AtomTable<S> {
  /** Each atom named after the first property that used it (a throw names that property). */
  readonly atoms: GraphAtom<S>[] = [];
  private readonly ids = new Map<StatePredicate<S>, number>();

  intern(p: StatePredicate<S>, owner: string): number {
    let id = this.ids.get(p);
    if (id === undefined) {
      id = this.atoms.length;
      this.atoms.push({ owner, test: p });
      this.ids.set(p, id);
    }
    return id;
  }
}

/** A property's liveness conjuncts as atom ids, before the graph (and so the atom values) exists. */
export type Shape =
  | { readonly op: 'eventually' | 'alwaysEventually' | 'eventuallyAlways'; readonly p: number }
  | { readonly op: 'leadsTo' | 'implies'; readonly p: number; readonly q: number };

type Conjunct<S> = Exclude<Temporal<S>, { readonly op: 'and' }>;

/** A property's conjuncts, nested conjunctions flattened. */
export const conjuncts = <S>(f: Temporal<S>): Conjunct<S>[] => (f.op === 'and' ? f.parts.flatMap(conjuncts) : [f]);

/** The conjuncts left to the liveness phase: all but those the search checks (implied.ts). */
export function shapesOf<S>(name: string, f: Temporal<S>, atoms: AtomTable<S>): Shape[] {
  return conjuncts(f).flatMap((c): Shape[] => {
    if (c.op === 'always' || c.op === 'refines') return [];
    if (c.op === 'leadsTo' || c.op === 'implies') return [{ op: c.op, p: atoms.intern(c.p, name), q: atoms.intern(c.q, name) }];
    return [{ op: c.op, p: atoms.intern(c.p, name) }];
  });
}

/** The obligation whose witnesses are exactly the behaviours violating `shape`. */
export function obligationOf(shape: Shape, atoms: readonly Uint8Array[], initial: number): Obligation {
  const P = atoms[shape.p];
  const all: StateTest = () => true;
  switch (shape.op) {
    case 'eventually': // []¬P from an initial state
      return { seed: (v) => v < initial && P[v] === 0, region: (v) => P[v] === 0, accepting: null };
    case 'alwaysEventually': // <>[]¬P
      return { seed: (v) => P[v] === 0, region: (v) => P[v] === 0, accepting: null };
    case 'eventuallyAlways': // []<>¬P
      return { seed: (v) => v < initial, region: all, accepting: (v) => P[v] === 0 };
    case 'leadsTo': {
      // <>(P ∧ []¬Q)
      const Q = atoms[shape.q];
      return { seed: (v) => P[v] === 1 && Q[v] === 0, region: (v) => Q[v] === 0, accepting: null };
    }
    case 'implies': {
      // P ∧ []¬Q, from an initial state
      const Q = atoms[shape.q];
      return { seed: (v) => v < initial && P[v] === 1 && Q[v] === 0, region: (v) => Q[v] === 0, accepting: null };
    }
  }
}
