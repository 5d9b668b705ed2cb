// Temporal properties through the check pipeline, on models small enough to derive each
// verdict by hand: the fairness subtleties (self-loops, stuttering, WF vs SF), lasso shape,
// Peterson's algorithm, and the errors and warnings around the liveness phase.

import { Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import peterson from '../model/examples/peterson.ts';
import { defineModel, type Spec } from '../src/api/model.ts';
import { alwaysEventually, always, and, eventually, eventuallyAlways, implies, leadsTo, SF, WF } from '../src/api/temporal.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { UserError } from '../src/errors.ts';
import { modelOf, type FullSpec } from './support/full-spec.ts';

const run = <S>(spec: FullSpec<S>, opts: Parameters<typeof check<S>>[1] = {}) => check(Instance.create(modelOf(spec)), { checkDeadlock: false, ...opts });

describe('fairness and stuttering', () => {
  // x = 0; A: x' = x (a self-loop); B: x' = 1.
  const selfLoop = (fairness: Spec<number>['fairness']): FullSpec<number> => ({
    init: [0],
    actions: { A: (x: number) => x, B: (x: number) => x === 0 && 1 },
    properties: { Reach1: eventually((x: number) => x === 1) },
    fairness,
  });

  it('WF(B) gives <>(x=1)', async () => {
    const r = await run(selfLoop([WF('B')]));
    expect(r.status).toBe('ok');
    expect(r.livenessMs).toBeGreaterThanOrEqual(0);
  });

  it('WF(A) alone does not: taking the self-loop forever is stuttering, and B is never forced', async () => {
    const r = await run(selfLoop([WF('A')]));
    expect(r.status).toBe('violation');
    const v = r.violations[0];
    expect(v).toMatchObject({ property: 'Reach1', kind: 'liveness', message: 'Temporal property Reach1 is violated.' });
    expect(v.trace!.states.map((s) => s.state)).toEqual([0]);
    expect(v.trace).toMatchObject({ loop: 0, stuttering: true });
  });

  it('without fairness <>P fails by stuttering in the initial state', async () => {
    const r = await run({ init: [0], actions: { Inc: (x: number) => x < 3 && x + 1 }, properties: { Done: eventually((x: number) => x === 3) } });
    expect(r.violations[0].trace).toMatchObject({ states: [{ state: 0, label: 'Initial predicate' }], loop: 0, stuttering: true });
    // With WF(Inc) the counter must reach 3, and may then stutter forever.
    const fair = await run({ init: [0], actions: { Inc: (x: number) => x < 3 && x + 1 }, properties: { Done: eventually((x: number) => x === 3) }, fairness: [WF('Inc')] });
    expect(fair.status).toBe('ok');
  });

  // x toggles between 0 and 1.
  const toggle = (fairness: Spec<number>['fairness'], properties: Spec<number>['properties']): FullSpec<number> => ({
    init: [0],
    actions: { Toggle: (x: number) => 1 - x },
    properties,
    fairness,
  });
  const isOne = (x: number) => x === 1;

  it('on a toggling x, []<>(x=1) holds under WF(Toggle) and fails without it', async () => {
    expect((await run(toggle([WF('Toggle')], { Inf: alwaysEventually(isOne) }))).status).toBe('ok');
    const r = await run(toggle([], { Inf: alwaysEventually(isOne) }));
    expect(r.violations[0].trace).toMatchObject({ states: [{ state: 0 }], stuttering: true });
  });

  it('on a toggling x, <>[](x=1) fails under WF(Toggle) with the two-state cycle', async () => {
    const r = await run(toggle([WF('Toggle')], { Stable: eventuallyAlways(isOne) }));
    const t = r.violations[0].trace!;
    expect(t.states.map((s) => s.state)).toEqual([0, 1]);
    expect(t.loop).toBe(0);
    expect(t.loopLabel).toBe('Toggle');
    expect(t.stuttering).toBeUndefined();
  });

  it('a lasso with a stem: Start (0 → 1), then Spin between 1 and 2 forever; <>[](x=2) fails', async () => {
    const r = await run({
      init: [0],
      actions: { Start: (x: number) => x === 0 && 1, Spin: (x: number) => x > 0 && 3 - x },
      properties: { SettlesAt2: eventuallyAlways((x: number) => x === 2) },
      fairness: [WF('Start'), WF('Spin')],
    });
    const t = r.violations[0].trace!;
    expect(t.states.map((s) => `${s.label}:${s.state}`)).toEqual(['Initial predicate:0', 'Start:1', 'Spin:2']);
    expect(t).toMatchObject({ loop: 1, loopLabel: 'Spin' });
  });

  // Go (x' = 1) is enabled only while y = 1; Flip toggles y forever.
  const S = Record({ x: 0, y: 0 });
  const intermittent = (fairness: Spec<ReturnType<typeof S>>['fairness']): FullSpec<ReturnType<typeof S>> => ({
    init: [S()],
    actions: {
      Flip: (s) => s.set('y', 1 - s.y),
      Go: (s) => s.x === 0 && s.y === 1 && s.set('x', 1),
    },
    properties: { Goes: eventually((s) => s.x === 1) },
    fairness,
  });

  it('an intermittently enabled action: WF(Go) is not enough, SF(Go) is', async () => {
    const weak = await run(intermittent([WF('Flip'), WF('Go')]));
    const t = weak.violations[0].trace!;
    // The lasso flips y forever; Go is disabled at y = 0, so WF(Go) holds on it.
    expect(t.states.map((s) => s.state.toJS())).toEqual([{ x: 0, y: 0 }, { x: 0, y: 1 }]);
    expect(t).toMatchObject({ loop: 0, loopLabel: 'Flip' });
    expect((await run(intermittent([WF('Flip'), SF('Go')]))).status).toBe('ok');
    // SF(Go) alone: stuttering at y = 0, where Go is disabled, is fair.
    expect((await run(intermittent([SF('Go')]))).violations[0].trace).toMatchObject({ states: [{ label: 'Initial predicate' }], stuttering: true });
  });

  it('a conjunction is violated when one conjunct is; []P is checked by the search, with a finite trace', async () => {
    const r = await run({
      init: [0],
      actions: { Inc: (x: number) => x < 2 && x + 1 },
      properties: { Both: and(eventually((x: number) => x === 2), always((x: number) => x < 2)) },
      fairness: [WF('Inc')],
    });
    const v = r.violations[0];
    expect(v).toMatchObject({ property: 'Both', kind: 'invariant', message: 'Invariant Both is violated.' });
    expect(v.trace!.states.map((s) => s.state)).toEqual([0, 1, 2]);
    expect(v.trace!.loop).toBeUndefined();
  });
});

describe('P => <>Q: the premise is read in the initial state only', () => {
  const one = (x: number) => x === 1;
  const two = (x: number) => x === 2;

  it('initial states 0 and 1, Step 1 → 2: from 1 Q must come (under WF), from 0 nothing is asked', async () => {
    const spec = (fairness: Spec<number>['fairness']): FullSpec<number> => ({
      init: [0, 1],
      actions: { Step: (x: number) => x === 1 && 2 },
      properties: { OneThenTwo: implies(one, eventually(two)) },
      fairness,
    });
    const fair = await run(spec([WF('Step')]));
    expect([fair.status, fair.warnings]).toEqual(['ok', []]);
    // Without fairness the behaviour starting at 1 stutters there forever.
    const r = await run(spec([]));
    expect(r.violations[0]).toMatchObject({ property: 'OneThenTwo', kind: 'liveness', trace: { states: [{ state: 1 }], loop: 0, stuttering: true } });
  });

  it('unlike P ~> Q, P holding later does not count: Go 0 → 1 and nothing after', async () => {
    const spec: FullSpec<number> = {
      init: [0],
      actions: { Go: (x: number) => x === 0 && 1 },
      properties: { Implies: implies(one, eventually(two)), LeadsTo: leadsTo(one, two) },
      fairness: [WF('Go')],
    };
    const r = await run(spec, { continueAfterViolation: true });
    expect(r.violations.map((v) => v.property)).toEqual(['LeadsTo']);
    expect(r.warnings!.join('\n')).toMatch(/Implies: the premise of P => <>Q holds in no initial state/);
  });

  it('takes only eventually(Q) as its consequent (a JavaScript model can pass anything)', () => {
    expect(() => implies(one, always(two) as never)).toThrow(/supports only F = eventually\(Q\); got always/);
  });
});

describe("Peterson's algorithm", () => {
  it('keeps mutual exclusion and is starvation free under WF on each process', async () => {
    const r = await check(Instance.create(peterson));
    expect(r.status).toBe('ok');
    expect(r.distinct).toBe(20);
    expect(r.violations).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('starves without fairness: a trying process stutters forever', async () => {
    const r = await check(Instance.create(peterson, { fair: false }));
    expect(r.violations.map((v) => v.property)).toEqual(['StarvationFree0', 'StarvationFree1']);
    const t = r.violations[0].trace!;
    expect(t.states.map((s) => s.label)).toEqual(['Initial predicate', 'Try0']);
    expect(t).toMatchObject({ loop: 1, stuttering: true });
  });

  it('checks only the selected properties', async () => {
    const r = await check(Instance.create(peterson, { fair: false }), { properties: ['StarvationFree1'] });
    expect(r.violations.map((v) => v.property)).toEqual(['StarvationFree1']);
  });
});

describe('errors and warnings', () => {
  const counter = (extra: Partial<FullSpec<number>>): FullSpec<number> => ({
    init: [0],
    actions: { Inc: (x: number) => x < 3 && x + 1 },
    properties: { Done: eventually((x: number) => x === 3) },
    fairness: [WF('Inc')],
    ...extra,
  });

  it('fairness naming an unknown action is a config error naming the property and action', async () => {
    const err = await run(counter({ fairness: [WF('Incr')] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(151);
    expect((err as UserError).message).toMatch(/Done.*unknown action Incr/);
  });

  it('a predicate that throws is a temporal error naming its property', async () => {
    const r = await run(counter({ properties: { Done: eventually((x: number) => { if (x === 2) throw new Error('boom'); return false; }) } }));
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ part: 'temporal', name: 'Done', message: 'temporal property Done threw: boom' });
  });

  it('a predicate that returns a non-boolean is a temporal fault naming its property', async () => {
    const r = await run(counter({ properties: { Done: eventually(((x: number) => (x === 2 ? 'yes' : false)) as unknown as (x: number) => boolean) } }));
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ part: 'temporal', name: 'Done', message: 'temporal property Done returned the string "yes", not a boolean' });
  });

  it('warns when a leads-to premise never holds', async () => {
    const r = await run(counter({ properties: { Vacuous: leadsTo((x: number) => x > 10, (x: number) => x === 3) } }));
    expect(r.status).toBe('ok');
    expect(r.warnings!.join('\n')).toMatch(/Vacuous: the premise .* never holds/);
  });

  it('warns about state constraints and views', async () => {
    const r = await run(counter({ constraints: { Small: (x: number) => x < 10 }, view: (x: number) => x }));
    expect(r.warnings!.join('\n')).toMatch(/VIEW/);
    expect(r.warnings!.join('\n')).toMatch(/state constraints/);
    // Constraints the run does not apply are no hazard.
    const unapplied = await run(counter({ constraints: { Small: (x: number) => x < 10 } }), { constraints: [] });
    expect(unapplied.warnings).toEqual([]);
  });

  it('warns that a depth bound leaves liveness incomplete', async () => {
    const r = await run(counter({}), { maxDepth: 2 });
    expect(r.warnings!.join('\n')).toMatch(/not expanded.*incomplete/);
  });

  it('does not check liveness when the safety search stopped early', async () => {
    const r = await run(counter({ invariants: { Low: (x: number) => x < 1 } }));
    expect(r.violations.map((v) => v.property)).toEqual(['Low']);
    expect(r.livenessMs).toBeUndefined();
    expect(r.warnings!.join('\n')).toMatch(/Temporal properties \(Done\) were not checked/);
  });
});
