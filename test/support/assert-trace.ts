// A counterexample must be a real path of the model: it starts in an initial state, each
// step is a labelled successor within the constraints, and its end violates the property.

import { is } from 'immutable';
import { expect } from 'vitest';
import type { Step } from '../../src/api/model.ts';
import type { FullSpec } from './full-spec.ts';
import type { Violation } from '../../src/engine/search/result.ts';
import type { RandState } from './random-models.ts';
import { refInitial, refSuccessors } from './reference.ts';

const sameStep = (a: Step, b: Step | null) => b !== null && a.action === b.action && JSON.stringify(a.params ?? {}) === JSON.stringify(b.params ?? {});

/** Check that a trace is a real path of the model ending where the property fails. */
export function assertValidTrace(spec: FullSpec<RandState>, v: Violation<RandState>, seed: number): void {
  const where = `seed ${seed}, ${v.property}`;
  const states = v.trace!.states;
  expect(refInitial(spec).some((s) => is(s, states[0].state)), `${where}: first state is initial`).toBe(true);
  for (let k = 1; k < states.length; k++) {
    const ok = refSuccessors(spec, states[k - 1].state).some(({ step, next }) => sameStep(step, states[k].step) && is(next, states[k].state));
    expect(ok, `${where}: step ${k} (${states[k].label}) is a successor`).toBe(true);
    for (const c of Object.values(spec.actionConstraints ?? {})) expect(c(states[k - 1].state, states[k].state, states[k].step!)).toBe(true);
  }
  for (const { state } of states) for (const c of Object.values(spec.constraints ?? {})) expect(c(state), `${where}: in constraints`).toBe(true);
  const last = states[states.length - 1];
  if (v.kind === 'invariant') expect(spec.invariants![v.property](last.state), `${where}: last state violates`).toBe(false);
  if (v.kind === 'deadlock') expect(refSuccessors(spec, last.state), `${where}: last state deadlocks`).toEqual([]);
  if (v.kind === 'action') {
    const before = states[states.length - 2].state;
    expect(spec.actionProperties![v.property](before, last.state, last.step!), `${where}: last step violates`).toBe(false);
  }
}

