// What the search checks of a temporal property, as TLC does with a PROPERTY's implied
// invariants and implied actions: its `[]P` conjuncts as an invariant named after the
// property, and of each `refines` conjunct the initial states as part of that invariant and
// the steps as an action property. A violation then has the search's shortest trace and
// counts, whether or not the search stops at its first one; the liveness phase gets the rest.

import type { StatePredicate, StepPredicate } from '../api/model.ts';
import type { Temporal } from '../api/temporal.ts';
import type { Instance } from '../engine/instance.ts';
import type { Violation } from '../engine/search/result.ts';
import { RefinementCheck } from '../refinement/refinement.ts';
import { conjuncts } from './formula.ts';

export interface Implied<S> {
  readonly invariant?: StatePredicate<S>;
  readonly step?: StepPredicate<S>;
  /** The search's violation of the property, in the words of the conjunct that failed. */
  readonly explain: (v: Violation<S>) => Violation<S>;
}

/** The checks the search makes for property `f`; undefined when it has none. */
export function impliedChecks<S>(inst: Instance<S>, f: Temporal<S>): Implied<S> | undefined {
  const parts = conjuncts(f);
  const always = parts.flatMap((c) => (c.op === 'always' ? [c.p] : []));
  const refinements = parts.flatMap((c) => (c.op === 'refines' ? [new RefinementCheck(inst, c.refinement)] : []));
  if (always.length + refinements.length === 0) return undefined;
  const invariants = [...always, ...refinements.map((r) => r.initOk)];
  const steps = refinements.map((r) => r.stepOk);
  return {
    invariant: (s) => invariants.every((p) => p(s)),
    step: steps.length > 0 ? (before, after) => steps.every((p) => p(before, after)) : undefined,
    explain: (v) => {
      for (const r of refinements) {
        const said = r.explain(v);
        if (said) return said;
      }
      return v;
    },
  };
}
