// A temporal property `[]P`, or the `[]P` conjuncts of one, is checked by the search as an
// invariant named after the property, as TLC checks a PROPERTY's implied invariants: it fails
// with TLC's invariant message, exit code 12, the search's shortest trace and the counts at
// that point, even when the search stops at the first violation. TLC 2.18 on the same spec
// (test/fixtures/tlc/AlwaysSmall.tla; the model is test/fixtures/always-small.ts):
//   java -cp tla2tools.jar tlc2.TLC -workers 1 -config AlwaysSmall-Invariant.cfg AlwaysSmall.tla
//     → "Error: Invariant Small is violated.", x = 0 .. 3, 4 generated, 4 distinct; exit 12
//   java -cp tla2tools.jar tlc2.TLC -workers 1 -config AlwaysSmall-Property.cfg AlwaysSmall.tla
//     → "Error: Invariant AlwaysSmall is violated.", the same trace and counts; exit 12
//   java -cp tla2tools.jar tlc2.TLC -workers 1 -config AlwaysSmall-Conjunction.cfg AlwaysSmall.tla
//     → "Error: Invariant Small is violated.", the same trace and counts; exit 12
// TLC names a conjunct `[]Small` after the operator inside it; migcheck's predicates have no
// names, so it names the property (Both).

import { describe, expect, it } from 'vitest';
import { exitCodeOf } from '../src/errors.ts';
import { defineModel } from '../src/api/model.ts';
import { always, and, eventually, WF } from '../src/api/temporal.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { UserError } from '../src/errors.ts';
import { formatReport } from '../src/report/text.ts';
import alwaysGrid from './fixtures/always-grid.ts';
import alwaysSmall from './fixtures/always-small.ts';

const source = (fixture: string) => ({ url: new URL(`./fixtures/${fixture}.ts`, import.meta.url).href, exportPath: ['default'] });
const only = (invariants: string[], properties: string[]) => ({ invariants, properties });

describe('[]P properties are checked as invariants during the search', () => {
  it.each([
    ['a []P property', only([], ['AlwaysSmall']), 'AlwaysSmall'],
    ['a []P conjunct', only([], ['Both']), 'Both'],
  ])('%s: fails as the invariant does, with TLC\'s message and exit code 12', async (_, selection, name) => {
    const asInvariant = await check(Instance.create(alwaysSmall), only(['Small'], []));
    const r = await check(Instance.create(alwaysSmall), selection);
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0];
    expect(v).toMatchObject({ property: name, kind: 'invariant', message: `Invariant ${name} is violated.` });
    expect(v.trace!.states.map((s) => s.state)).toEqual([0, 1, 2, 3]);
    expect(v.trace).toEqual({ ...asInvariant.violations[0].trace });
    expect([r.status, r.distinct, r.generated, exitCodeOf(r)]).toEqual(['violation', 4, 4, 12]);
    expect([r.depth, r.queueLeft, r.complete]).toEqual([asInvariant.depth, asInvariant.queueLeft, asInvariant.complete]);
    expect(formatReport(r)).toMatch(new RegExp(`^Error: Invariant ${name} is violated\\.\\nError: The behavior up to this point is:\\nState 1: <Initial predicate>`));
    // The property is decided: no liveness phase, and nothing said to be left unchecked.
    expect(r.livenessMs).toBeUndefined();
    expect(r.warnings ?? []).toEqual([]);
  });

  it('a conjunction whose []P part failed is not checked again by the liveness phase', async () => {
    const r = await check(Instance.create(alwaysSmall), { ...only([], ['Both']), continueAfterViolation: true, checkDeadlock: false });
    expect(r.violations.map((v) => [v.property, v.kind])).toEqual([['Both', 'invariant']]);
  });

  it('the rest of a conjunction goes to the liveness phase', async () => {
    const counter = (fair: boolean) =>
      defineModel({
        name: 'counter',
        init: [0],
        spec: () => ({
          actions: { Next: (x: number) => x < 5 && x + 1 },
          properties: { Both: and(always((x: number) => x <= 5), eventually((x: number) => x === 5)) },
          fairness: fair ? [WF('Next')] : [],
        }),
      });
    const fair = await check(Instance.create(counter(true)), { checkDeadlock: false });
    expect(fair.status).toBe('ok');
    expect(fair.livenessMs).toBeGreaterThanOrEqual(0);
    const unfair = await check(Instance.create(counter(false)), { checkDeadlock: false });
    expect(unfair.violations.map((v) => [v.property, v.kind])).toEqual([['Both', 'liveness']]);
  });

  it('is checked by every worker of a parallel search', async () => {
    const parallel = { workers: 2, handoverStates: 1 };
    const grid = (opts: ReturnType<typeof only> & { continueAfterViolation?: boolean; checkDeadlock?: boolean }) => check(Instance.create(alwaysGrid, {}, source('always-grid')), { ...opts, ...parallel });
    const asInvariant = await grid(only(['Below'], []));
    const asProperty = await grid(only([], ['AlwaysBelow']));
    expect(asProperty.parallel).toBeDefined();
    expect(asProperty.violations.map((v) => [v.property, v.kind, v.trace!.states.length])).toEqual([['AlwaysBelow', 'invariant', 31]]);
    expect([asProperty.distinct, asProperty.generated]).toEqual([asInvariant.distinct, asInvariant.generated]);
    // One property per state of the diagonal x + y = 29: each thread finds the ones it keeps.
    const avoid = Array.from({ length: 30 }, (_, k) => `Avoid${k}`);
    const all = await grid({ ...only([], avoid), continueAfterViolation: true, checkDeadlock: false });
    expect(all.violations.map((v) => v.property).sort()).toEqual([...avoid].sort());
    expect(new Set(all.violations.map((v) => v.trace!.states.length))).toEqual(new Set([30]));
  });

  it('a []P property named like a checked invariant is a config error: the search reports each name once', async () => {
    const clash = defineModel({ name: 'clash', init: [0], spec: () => ({ actions: { Next: (x: number) => x < 5 && x + 1 }, invariants: { Small: (x: number) => x < 3 }, properties: { Small: always((x: number) => x < 4) } }) });
    const err = await check(Instance.create(clash)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/Temporal property Small has \[\]P or refines conjuncts.*rename one/);
    expect((await check(Instance.create(clash), only([], ['Small']))).violations.map((v) => v.trace!.states.length)).toEqual([5]);
  });
});
