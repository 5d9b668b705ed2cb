// Temporal formulas over state predicates, as data: the liveness checker interprets them on
// the reachable graph. Only the shapes below are supported; they cover TLC's common uses.

import type { StatePredicate } from './model.ts';

export type Temporal<S> =
  | { readonly op: 'always'; readonly p: StatePredicate<S> }
  | { readonly op: 'eventually'; readonly p: StatePredicate<S> }
  | { readonly op: 'leadsTo'; readonly p: StatePredicate<S>; readonly q: StatePredicate<S> }
  | { readonly op: 'alwaysEventually'; readonly p: StatePredicate<S> }
  | { readonly op: 'eventuallyAlways'; readonly p: StatePredicate<S> }
  | { readonly op: 'and'; readonly parts: readonly Temporal<S>[] };

/** `[]P` */
export const always = <S>(p: StatePredicate<S>): Temporal<S> => ({ op: 'always', p });
/** `<>P` */
export const eventually = <S>(p: StatePredicate<S>): Temporal<S> => ({ op: 'eventually', p });
/** `P ~> Q`, i.e. `[](P => <>Q)` */
export const leadsTo = <S>(p: StatePredicate<S>, q: StatePredicate<S>): Temporal<S> => ({ op: 'leadsTo', p, q });
/** `[]<>P` */
export const alwaysEventually = <S>(p: StatePredicate<S>): Temporal<S> => ({ op: 'alwaysEventually', p });
/** `<>[]P` */
export const eventuallyAlways = <S>(p: StatePredicate<S>): Temporal<S> => ({ op: 'eventuallyAlways', p });
/** A conjunction of temporal formulas. */
export const and = <S>(...parts: Temporal<S>[]): Temporal<S> => ({ op: 'and', parts });

/** Fairness constructors: `WF(actions...)`, `SF(actions...)`. */
export const WF = (...actions: string[]) => ({ kind: 'WF' as const, actions });
export const SF = (...actions: string[]) => ({ kind: 'SF' as const, actions });
