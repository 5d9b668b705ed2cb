// Temporal formulas over state predicates, as data: the liveness checker interprets them on
// the reachable graph. Only the shapes below are supported; they cover TLC's common uses.

import type { Fairness, Model, Params, Refinement, StatePredicate } from './model.ts';

export type Temporal<S> =
  | { readonly op: 'always'; readonly p: StatePredicate<S> }
  | Eventually<S>
  | { readonly op: 'leadsTo'; readonly p: StatePredicate<S>; readonly q: StatePredicate<S> }
  | { readonly op: 'implies'; readonly p: StatePredicate<S>; readonly q: StatePredicate<S> }
  | { readonly op: 'refines'; readonly refinement: Refinement<S> }
  | { readonly op: 'alwaysEventually'; readonly p: StatePredicate<S> }
  | { readonly op: 'eventuallyAlways'; readonly p: StatePredicate<S> }
  | { readonly op: 'and'; readonly parts: readonly Temporal<S>[] };

/** `[]P` */
export const always = <S>(p: StatePredicate<S>): Temporal<S> => ({ op: 'always', p });
export interface Eventually<S> {
  readonly op: 'eventually';
  readonly p: StatePredicate<S>;
}

/** `<>P` */
export const eventually = <S>(p: StatePredicate<S>): Eventually<S> => ({ op: 'eventually', p });
/** `P ~> Q`, i.e. `[](P => <>Q)` */
export const leadsTo = <S>(p: StatePredicate<S>, q: StatePredicate<S>): Temporal<S> => ({ op: 'leadsTo', p, q });
/**
 * `P => <>Q` as a property: if P holds in the initial state, Q holds eventually. Unlike
 * `P ~> Q`, P is read in the first state only. The only consequent supported is `<>Q`.
 */
export const implies = <S>(p: StatePredicate<S>, then: Eventually<S>): Temporal<S> => {
  // A JavaScript model can pass any formula: say so rather than check something else.
  if (then?.op !== 'eventually') throw new TypeError(`implies(P, F) supports only F = eventually(Q); got ${then?.op ?? String(then)}.`);
  return { op: 'implies', p, q: then.p };
};
/** `[]<>P` */
export const alwaysEventually = <S>(p: StatePredicate<S>): Temporal<S> => ({ op: 'alwaysEventually', p });
/** `<>[]P` */
export const eventuallyAlways = <S>(p: StatePredicate<S>): Temporal<S> => ({ op: 'eventuallyAlways', p });
/**
 * TLC's `PROPERTY A!Spec`: every behaviour, mapped state by state through `map`, is one the
 * abstract model `spec` allows: initial states map to its initial states, and each step to one
 * of its steps or to a stutter (equal mapped states). Its fairness is not checked (yet).
 */
export const refines = <S, A>(spec: Model<A, any>, how: Omit<Refinement<S, A>, 'spec'>): Temporal<S> => ({ op: 'refines', refinement: { spec, ...how } });
/** A conjunction of temporal formulas. */
export const and = <S>(...parts: Temporal<S>[]): Temporal<S> => ({ op: 'and', parts });

export interface FairnessConstructor<K extends 'WF' | 'SF'> {
  /** One condition over the disjunction of the named actions or instances (`'Proc'`, `'Proc(p=0)'`). */
  (...actions: string[]): { readonly kind: K; readonly actions: string[] };
  /**
   * One condition per instance of `action`, or per instance whose parameters `where` accepts:
   * `WF.each('Proc')` is TLA+'s `\A p \in Procs : WF_vars(Proc(p))`.
   */
  each<P extends Params = any>(action: string, where?: (params: P) => boolean): Fairness;
}

const fairness = <K extends 'WF' | 'SF'>(kind: K): FairnessConstructor<K> =>
  Object.assign((...actions: string[]) => ({ kind, actions }), {
    each: <P extends Params>(action: string, where?: (params: P) => boolean): Fairness => ({ kind, actions: [action], each: true, ...(where ? { where: where as (params: Params) => boolean } : {}) }),
  });

/** Weak fairness: `WF('A', 'B')` (their disjunction), `WF('Proc(p=0)')` (one instance), `WF.each('Proc')` (each instance). */
export const WF = fairness('WF');
/** Strong fairness, written as `WF` is. */
export const SF = fairness('SF');
