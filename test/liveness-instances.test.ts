// Fairness per action instance: TLA+'s `\A p \in Procs : WF_vars(Proc(p))` against
// `WF_vars(Next)`, the weak fairness of the disjunction of every instance. On two processes
// that each count their own counter modulo 3 the two differ, and TLC agrees on each verdict:
// the same spec is test/fixtures/tlc/TwoCounters.tla, checked with TLC 2.18 as
//   java -cp tla2tools.jar tlc2.TLC -workers 1 -config TwoCounters-Whole.cfg TwoCounters.tla
//     → "Error: Temporal properties were violated.", exit 13 (19 generated, 9 distinct)
//   java -cp tla2tools.jar tlc2.TLC -workers 1 -config TwoCounters-Each.cfg TwoCounters.tla
//     → "Model checking completed. No error has been found.", exit 0
//   java -cp tla2tools.jar tlc2.TLC -workers 1 -config TwoCounters-OnlyFirst.cfg TwoCounters.tla
//     → "Error: Temporal properties were violated.", exit 13

import { List } from 'immutable';
import { describe, expect, it } from 'vitest';
import { defineModel, type Fairness } from '../src/api/model.ts';
import { and, eventually, SF, WF } from '../src/api/temporal.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { UserError } from '../src/errors.ts';
import { checkHtml } from '../src/report/html.ts';
import { reportJson } from '../src/report/json.ts';
import { formatReport } from '../src/report/text.ts';

type Counters = List<number>;

/** `Proc(p=i)` counts c[i] modulo 3; `Proc(p=2)`, when offered, is never enabled. */
const twoCounters = (fairness: readonly Fairness[], offered = [0, 1]) => {
  const params = offered.map((p) => ({ p }));
  return defineModel({
    name: 'two-counters',
    init: [List([0, 0])],
    spec: () => ({
      actions: { Proc: { params: () => params, next: (s: Counters, { p }: { p: number }) => p < 2 && s.set(p, (s.get(p)! + 1) % 3) } },
      properties: { BothTwo: and(eventually((s: Counters) => s.get(0) === 2), eventually((s: Counters) => s.get(1) === 2)) },
      fairness,
    }),
  });
};
const run = (fairness: readonly Fairness[], offered?: number[]) => check(Instance.create(twoCounters(fairness, offered)), { checkDeadlock: false });

describe('fairness of each instance of a parameterised action', () => {
  it('WF of the whole action (the disjunction) lets one process count forever: BothTwo fails, as TLC says of Whole', async () => {
    const r = await run([WF('Proc')]);
    expect([r.status, r.distinct, r.generated]).toEqual(['violation', 9, 19]);
    const v = r.violations[0];
    // c[0] never reaches 2: only process 1 moves, and that satisfies WF of the disjunction.
    expect(v.trace!.states.every((t) => t.state.get(0) !== 2)).toBe(true);
    expect(v.fairness).toEqual([{ condition: 'WF(Proc)', how: 'taken', from: 0, to: 1 }]);
  });

  it('WF.each (one condition per instance) makes both count: BothTwo holds, as TLC says of Each', async () => {
    const r = await run([WF.each('Proc')]);
    expect(r.status).toBe('ok');
    expect(r.warnings).toEqual([]);
  });

  it('each instance named by its label is the same as WF.each; both labels in one group are the disjunction again', async () => {
    expect((await run([WF('Proc(p=0)'), WF('Proc(p=1)')])).status).toBe('ok');
    expect((await run([WF('Proc(p=0)', 'Proc(p=1)')])).status).toBe('violation');
  });

  it('a subset of instances: with only process 0 fair, process 1 may never move, as TLC says of OnlyFirst', async () => {
    const r = await run([WF.each('Proc', (q: { p: number }) => q.p < 1)]);
    const v = r.violations[0];
    expect(v.trace!.states.every((t) => t.state.get(1) === 0)).toBe(true);
    expect(v.fairness).toEqual([{ condition: 'WF(Proc(p=0))', how: 'taken', from: 0, to: 1 }]);
  });

  it('SF.each holds too (each instance is always enabled, so SF and WF agree here)', async () => {
    expect((await run([SF.each('Proc')])).status).toBe('ok');
  });

  it('an instance never enabled in a reachable state is trivially fair: it changes no verdict', async () => {
    expect((await run([WF.each('Proc')], [0, 1, 2])).status).toBe('ok');
    const r = await run([WF('Proc(p=2)')], [0, 1, 2]);
    // With only the never-enabled instance fair, the initial state may stutter forever.
    expect(r.violations[0].trace).toMatchObject({ loop: 0, stuttering: true });
    expect(r.violations[0].fairness).toEqual([{ condition: 'WF(Proc(p=2))', how: 'disabled', state: 0 }]);
    expect(r.warnings!.join('\n')).toMatch(/no reachable state enables instance Proc\(p=2\).*trivially fair/);
  });

  it('the report says how the cycle satisfies each condition, after the unchanged lasso lines', async () => {
    const r = await run([WF('Proc'), WF('Proc(p=2)'), SF('Proc(p=2)')], [0, 1, 2]);
    const text = formatReport(r);
    expect(text).toContain(
      [
        'Back to state 1: <Proc(p=1)>',
        '',
        'Fairness conditions the cycle satisfies:',
        '  WF(Proc): taken in the cycle (state 1 → 2)',
        '  WF(Proc(p=2)): disabled in state 1',
        '  SF(Proc(p=2)): never enabled in the cycle',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(reportJson({ ...r, model: 'two-counters', constants: {}, exitCode: 13 }));
    expect(json.violations[0].fairness).toEqual([
      { condition: 'WF(Proc)', how: 'taken', from: 0, to: 1 },
      { condition: 'WF(Proc(p=2))', how: 'disabled', state: 0 },
      { condition: 'SF(Proc(p=2))', how: 'neverEnabled' },
    ]);
    expect(checkHtml({ model: 'two-counters', constants: {}, result: r })).toContain(
      '<p class="note">The loop is a fair behaviour: WF(Proc): taken in the cycle (state 1 → 2); WF(Proc(p=2)): disabled in state 1; SF(Proc(p=2)): never enabled in the cycle.</p>',
    );
  });
});

describe('fairness mistakes', () => {
  it('an instance of an unknown action, or of an action without parameters, is a config error', async () => {
    const err = await run([WF('Procs(p=0)')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/names unknown action Procs\(p=0\); the actions are: Proc\(\.\.\.\)\./);
    const tick = defineModel({ name: 'tick', init: [0], spec: () => ({ actions: { Tick: (x: number) => 1 - x }, properties: { One: eventually((x: number) => x === 1) }, fairness: [WF('Tick(n=1)')] }) });
    const err2 = await check(Instance.create(tick)).catch((e: unknown) => e);
    expect((err2 as UserError).message).toMatch(/names unknown action Tick\(n=1\); the actions are: Tick\./);
  });

  it('a `where` that throws is a temporal error naming the condition', async () => {
    const r = await run([WF.each('Proc', () => { throw new Error('boom'); })]);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ part: 'temporal', name: 'WF.each(Proc)', message: 'temporal WF.each(Proc) threw: boom' });
  });

  it('a `where` no instance passes is warned about', async () => {
    const r = await run([WF.each('Proc', () => false)]);
    expect(r.warnings!.join('\n')).toMatch(/WF.each\(Proc\): no instance the search met passes its `where`/);
  });
});
