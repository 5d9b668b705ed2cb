// Refinement (`refines`, TLC's PROPERTY A!Spec) as step simulation: initial states map to
// abstract initial states, every step to an abstract step or a stutter. Hand-derived verdicts
// on an hour clock refined by a clock with minutes (HourClock, Specifying Systems ch. 2), and
// TwoPhase refining TCommit (TLA+ Examples, transaction_commit), with TLC's verdicts on the
// same specs. TwoPhase.tla and TCommit.tla are the Examples' own; TPRefines.tla is
//   ---- MODULE TPRefines ----  EXTENDS TwoPhase  TCSpecProp == TC!TCSpec  ====
// with TPRefines.cfg `CONSTANT RM = {r1, r2, r3}  SPECIFICATION TPSpec  PROPERTY TCSpecProp`,
// and the two mutants below as copies of TwoPhase.tla extended the same way. TLC 2.18:
//   java -cp tla2tools.jar tlc2.TLC -workers 1 -config TPRefines.cfg TPRefines.tla
//     → "Model checking completed. No error has been found." 1146 generated, 288 distinct,
//       depth 11; exit 0
//   TMCommit without its `tmPrepared = RM` conjunct (EagerRefines.tla):
//     → "Error: Action property line 46, col 21 to line 46, col 38 of module TCommit is
//       violated.", the behaviour Initial predicate, TMCommit, RMRcvCommitMsg (r1 committed);
//       exit 13
//   TPInit with every RM "prepared" (BadInitRefines.tla):
//     → "Error: Property TCInit is violated by the initial state:"; exit 13
//   java -cp tla2tools.jar tlc2.TLC -workers 1 -config TCommit.cfg TCommit.tla (RM = {r1, r2, r3},
//   INVARIANTS TCTypeOK TCConsistent, CHECK_DEADLOCK FALSE)
//     → no error; 94 generated, 34 distinct, depth 7
// (TLC stops the eager mutant after 12 states; migcheck finishes the BFS level first, as it
// does for any action property, so its counts there are larger.)

import { Map, Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import tcommit, { TC } from '../model/examples/tcommit.ts';
import twophase from '../model/examples/twophase.ts';
import { exitCodeOf } from '../src/errors.ts';
import { defineModel, type Model } from '../src/api/model.ts';
import { and, eventually, refines, WF } from '../src/api/temporal.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { UserError } from '../src/errors.ts';
import { reportJson } from '../src/report/json.ts';
import { formatReport } from '../src/report/text.ts';

// HourClock: hr in 1..12, each step the next hour.
const hourClock = defineModel({
  name: 'hourclock',
  init: Array.from({ length: 12 }, (_, i) => i + 1),
  spec: () => ({ actions: { HCnxt: (hr: number) => (hr === 12 ? 1 : hr + 1) } }),
});

// A clock with `minutes` minutes an hour: the hour moves when the minutes wrap. `skip12`
// makes 12 o'clock go to 2; `midnight` adds hour 0 to the initial hours.
const Hm = Record({ hr: 1, min: 0 });
type Hm = ReturnType<typeof Hm>;
const minuteClock = (bug: 'none' | 'skip12' | 'midnight' = 'none', extra: { properties?: object; fairness?: never[] | ReturnType<typeof WF>[] } = {}) =>
  defineModel({
    name: 'minuteclock',
    init: Array.from({ length: bug === 'midnight' ? 13 : 12 }, (_, i) => Hm({ hr: bug === 'midnight' ? i : i + 1 })),
    spec: () => ({
      actions: {
        Tick: (s: Hm) => {
          if (s.min < 1) return s.set('min', s.min + 1);
          const next = s.hr === 12 ? (bug === 'skip12' ? 2 : 1) : s.hr + 1;
          return Hm({ hr: next, min: 0 });
        },
      },
      properties: { HC: refines(hourClock, { map: (s: Hm) => s.hr }), ...extra.properties },
      fairness: extra.fairness ?? [],
    }),
  });

type TP = typeof twophase extends Model<infer S> ? S : never;

const run = <S>(m: Model<S>, opts: Parameters<typeof check<S>>[1] = {}) => check(Instance.create(m), { checkDeadlock: false, ...opts });

describe('refinement: an hour clock refined by a clock with minutes', () => {
  it('holds: a minute tick maps to a stutter, the hour tick to HCnxt', async () => {
    const r = await run(minuteClock());
    expect([r.status, r.distinct, r.violations]).toEqual(['ok', 24, []]);
  });

  it('a step that is no abstract step: 12 o\'clock to 2 after the minute, three states, exit 13', async () => {
    const r = await run(minuteClock('skip12'));
    const v = r.violations[0];
    expect(v).toMatchObject({ property: 'HC', kind: 'refinement', message: 'Action property HC is violated.' });
    expect(v.trace!.states.map((t) => [t.label, t.state.toJS()])).toEqual([
      ['Initial predicate', { hr: 12, min: 0 }],
      ['Tick', { hr: 12, min: 1 }],
      ['Tick', { hr: 2, min: 0 }],
    ]);
    expect(v.refinement).toEqual({ abstract: 'hourclock', states: [{ state: 12, stutter: false }, { state: 12, stutter: true }, { state: 2, stutter: false }] });
    expect(exitCodeOf(r)).toBe(13);
    expect(formatReport(r)).toContain(
      ['Error: Action property HC is violated.', 'Error: The behavior up to this point is:', 'State 1: <Initial predicate>', '/\\ hr = 12', '/\\ min = 0', ''].join('\n'),
    );
    expect(formatReport(r)).toContain(
      ['The behavior mapped to hourclock:', 'State 1: <Initial predicate>', '/\\ state = 12', '', 'State 2: <Tick> (stutters)', '/\\ state = 12', '', 'State 3: <Tick> (no step of hourclock)', '/\\ state = 2', ''].join('\n'),
    );
  });

  it('an initial state that maps to no abstract initial state: hour 0, one state', async () => {
    const r = await run(minuteClock('midnight'));
    const v = r.violations[0];
    expect(v).toMatchObject({ property: 'HC', kind: 'refinement', message: 'Property HC is violated by the initial state.' });
    expect(v.trace!.states.map((t) => t.state.toJS())).toEqual([{ hr: 0, min: 0 }]);
    expect(formatReport(r)).toContain('State 1: <Initial predicate> (no initial state of hourclock)\n/\\ state = 0\n');
    const json = JSON.parse(reportJson({ ...r, model: 'minuteclock', constants: {}, exitCode: 13 }));
    expect(json.violations[0].refinement).toEqual({ abstract: 'hourclock', states: [{ state: 0, stutter: false }] });
  });

  it('with --continue, the search keeps looking for other properties; the refinement is reported once', async () => {
    const r = await run(minuteClock('skip12'), { continueAfterViolation: true });
    expect(r.violations.map((v) => [v.property, v.kind])).toEqual([['HC', 'refinement']]);
    expect(r.distinct).toBe(24);
  });

  it('a conjunction: the refinement is checked by the search, the eventually by the liveness phase', async () => {
    const both = and(refines(hourClock, { map: (s: Hm) => s.hr }), eventually((s: Hm) => s.hr === 6));
    const fair = await run(minuteClock('none', { properties: { HC: both }, fairness: [WF('Tick')] }));
    expect(fair.status).toBe('ok');
    const unfair = await run(minuteClock('none', { properties: { HC: both } }));
    expect(unfair.violations.map((v) => v.kind)).toEqual(['liveness']);
    const broken = await run(minuteClock('skip12', { properties: { HC: both }, fairness: [WF('Tick')] }));
    expect(broken.violations.map((v) => v.kind)).toEqual(['refinement']);
  });

  it("the abstract model's constants are checked against its declarations", async () => {
    const m = defineModel({ name: 'x', init: [TC()], spec: () => ({ actions: {}, properties: { TCSpec: refines(tcommit, { map: (s: TC) => s, constants: { rms: 0 } }) } }) });
    const err = await run(m).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(151);
  });
});

describe('refinement: TwoPhase implements TCommit (TLA+ Examples)', () => {
  // TwoPhase with TC!TCSpec as a property; `mutate` changes its spec for the mutants.
  const refining = (mutate: (spec: ReturnType<typeof twophase.spec>) => Partial<ReturnType<typeof twophase.spec>> = () => ({}), init = twophase.init) =>
    defineModel({
      ...twophase,
      init,
      spec: (c) => {
        const spec = twophase.spec(c);
        return { ...spec, ...mutate(spec), invariants: {}, properties: { TCSpec: refines(tcommit, { map: (s: TP) => TC({ rmState: s.rmState }), constants: { rms: c.rms } }) } };
      },
    });

  it('TCommit alone has TLC\'s figures for TCommit.cfg (94 generated, 34 distinct, depth 7)', async () => {
    const r = await check(Instance.create(tcommit, { rms: 3 }));
    expect([r.status, r.generated, r.distinct, r.depth]).toEqual(['ok', 94, 34, 7]);
  });

  it('holds for 3 RMs with TLC\'s counts (1146 generated, 288 distinct, depth 11)', async () => {
    const r = await check(Instance.create(refining(), { rms: 3 }));
    expect([r.status, r.generated, r.distinct, r.depth, exitCodeOf(r)]).toEqual(['ok', 1146, 288, 11, 0]);
  });

  it('a TM that commits before every RM is prepared: the RM that receives the commit is no TCommit step', async () => {
    const eager = refining((spec) => ({
      actions: { ...spec.actions, TMCommit: (s: TP) => (s.tmState === 'init' ? s.merge({ tmState: 'committed', msgs: s.msgs.add(Map({ type: 'Commit' })) }) : null) },
    }));
    const r = await check(Instance.create(eager, { rms: 3 }));
    const v = r.violations[0];
    expect(v).toMatchObject({ property: 'TCSpec', kind: 'refinement', message: 'Action property TCSpec is violated.' });
    expect(v.trace!.states.map((t) => t.label)).toEqual(['Initial predicate', 'TMCommit', 'RMRcvCommitMsg(rm=1)']);
    expect(v.refinement!.states.map((m) => [(m.state as TC).rmState.toArray(), m.stutter])).toEqual([
      [['working', 'working', 'working'], false],
      [['working', 'working', 'working'], true],
      [['committed', 'working', 'working'], false],
    ]);
    expect(exitCodeOf(r)).toBe(13);
  });

  it('every RM prepared initially: TCInit fails on the initial state', async () => {
    const prepared = refining(undefined, (c) => [...(twophase.init as (c: unknown) => Iterable<TP>)(c)].map((s) => s.set('rmState', s.rmState.map(() => 'prepared'))));
    const r = await check(Instance.create(prepared, { rms: 3 }));
    expect(r.violations[0]).toMatchObject({ property: 'TCSpec', kind: 'refinement', message: 'Property TCSpec is violated by the initial state.' });
    expect(r.violations[0].trace!.states).toHaveLength(1);
    expect(exitCodeOf(r)).toBe(13);
  });
});
