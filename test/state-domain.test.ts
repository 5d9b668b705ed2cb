// The state domain and the rules a model must keep for a verdict to mean anything (issue 12,
// classes 1-3 and the non-boolean predicate of class 10): every value the fingerprint cannot
// judge, every action that changes its state or is not a function of it, and every predicate
// that does not return a boolean ends the run with a model error that names the culprit —
// never a green run, never an internal error, never a lost violation.

import { Map as IMap, Record, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { checkModel, defineModel, formatReport } from 'migcheck';
import { migcheck } from './support/cli.ts';

type S = { readonly x: number; readonly [k: string]: unknown };

/** A counter to 3 whose Step also stores `extra(s)` under `k`: the only state that can be foreign. */
function counter(extra: (s: S) => unknown) {
  return defineModel({
    name: 'counter',
    init: [{ x: 0 }] as S[],
    spec: () => ({
      actions: { Step: (s: S) => (s.x < 3 ? { ...s, x: s.x + 1, k: extra(s) } : null) },
      invariants: { Small: (s: S) => s.x <= 3 },
      terminal: (s: S) => s.x === 3,
    }),
  });
}

class Point {
  constructor(readonly p: number) {}
}

describe('what a state may hold', () => {
  const foreign: [string, (s: S) => unknown, RegExp][] = [
    ['a native Map', (s) => new Map([[1, s.x]]), /native Map \(use Immutable\.Map\) at state\.k\b/],
    ['a native Set', (s) => new Set([s.x]), /native Set \(use Immutable\.Set\) at state\.k\b/],
    ['a Date', (s) => new Date(s.x), /a Date .* at state\.k\b/],
    ['a Promise', () => Promise.resolve(1), /a Promise .* at state\.k\b/],
    ['a class instance', (s) => new Point(s.x), /an instance of Point .* at state\.k\b/],
    ['a function', () => () => 1, /a function at state\.k\b/],
    ['a symbol', () => Symbol('s'), /a symbol at state\.k\b/],
    ['NaN', () => 0 / 0, /the number NaN .* at state\.k\b/],
    ['Infinity', () => 1 / 0, /the number Infinity .* at state\.k\b/],
    ['a Map nested in an Immutable Map', (s) => IMap({ inner: [1, new Map([[s.x, 1]])] }), /native Map .* at state\.k\.inner\[1\]/],
    ['a Date as a key of an Immutable Map', (s) => IMap([[new Date(s.x), 1]]), /a Date .* at state\.k\.keyOf/],
    [
      'a circular object',
      (s) => {
        const o: { x: number; self?: unknown } = { x: s.x };
        o.self = o;
        return o;
      },
      /circular reference .* at state\.k\.self/,
    ],
  ];
  for (const [what, extra, where] of foreign) {
    it(`refuses ${what}: exit 75, naming the action, the path and the type`, async () => {
      const r = await checkModel(counter(extra));
      expect(r.exitCode).toBe(75);
      expect(r.status).toBe('error');
      expect(r.error).toMatchObject({ part: 'action', name: 'Step', fault: true });
      expect(r.error!.message).toMatch(where);
      // The state the action was given is shown.
      expect(r.error!.trace!.states).toHaveLength(1);
      expect(formatReport(r)).toMatch(/^Error: action Step produced a state that holds/m);
    });
  }

  it('refuses a foreign initial state, naming the initial states', async () => {
    const m = defineModel({ name: 'bad-init', init: [{ s: new Set([1]) }], spec: () => ({ actions: { Stay: () => null } }) });
    const r = await checkModel(m, { checkDeadlock: false });
    expect(r.exitCode).toBe(75);
    expect(r.error).toMatchObject({ part: 'init', fault: true });
    expect(r.error!.message).toMatch(/native Set .* at state\.s\b/);
  });

  it('accepts every kind of data it documents, and tells them apart', async () => {
    const P = Record({ a: 0, b: '' });
    const values: unknown[] = [0, -1, 2 ** 40, 0.5, 'a', '', true, false, null, undefined, 10n, [1, 2], [2, 1], { a: 1 }, { b: 1 }, Object.assign(Object.create(null), { a: 2 }), IMap({ a: 1 }), ISet([1]), P({ a: 1 }), [IMap({ a: [1] })]];
    const m = defineModel({
      name: 'all-kinds',
      init: [0],
      spec: () => ({ actions: { Next: (i: number) => (i < values.length - 1 ? i + 1 : null) }, view: (i: number) => values[i], terminal: (i: number) => i === values.length - 1 }),
    });
    const r = await checkModel(m);
    expect(r.exitCode).toBe(0);
    expect(r.distinct).toBe(values.length);
  });
});

describe('actions may not change the state they are given', () => {
  it('a plain object changed in place: the search froze it, so the action throws, exit 75 with a hint', async () => {
    const m = defineModel({
      name: 'mutating',
      init: [{ x: 0 }],
      spec: () => ({
        actions: {
          Step: (s: { x: number }) => {
            if (s.x >= 3) return null;
            s.x++;
            return s;
          },
        },
        invariants: { NotThree: (s: { x: number }) => s.x !== 3 },
      }),
    });
    const r = await checkModel(m);
    expect(r.exitCode).toBe(75);
    expect(r.error).toMatchObject({ part: 'action', name: 'Step' });
    expect(r.error!.message).toMatch(/read only property 'x'.*must return a new state/);
  });

  it('an array pushed in place: exit 75', async () => {
    const m = defineModel({
      name: 'pushing',
      init: [{ log: [] as number[] }],
      spec: () => ({ actions: { Log: (s: { log: number[] }) => (s.log.length < 3 ? (s.log.push(1), s) : null) } }),
    });
    const r = await checkModel(m, { checkDeadlock: false });
    expect(r.exitCode).toBe(75);
    expect(r.error!.message).toMatch(/not extensible|Cannot add property/);
  });
});

describe('actions must be functions of their state', () => {
  it('Math.random in an action: exit 75, "not deterministic", naming the action', async () => {
    const r = await checkModel(counter(() => Math.random()));
    expect(r.exitCode).toBe(75);
    expect(r.error).toMatchObject({ part: 'action', name: 'Step', fault: true });
    expect(r.error!.message).toMatch(/not deterministic/);
    expect(r.error!.trace!.states).toHaveLength(1);
  });

  /** A chain of `length` states whose action answers differently on each call at state `at`. */
  function flaky(length: number, at: number) {
    let calls = 0;
    return defineModel({
      name: 'flaky',
      init: [0],
      spec: () => ({
        actions: { Next: (i: number) => (i < length ? (i === at ? [i + 1, ...(calls++ % 2 ? [i + 2] : [])] : i + 1) : null) },
        terminal: (i: number) => i >= length,
      }),
    });
  }

  it('the default checks a sample (the first 64 states, then one in 256); --paranoid checks every state', async () => {
    expect((await checkModel(flaky(200, 10))).exitCode).toBe(75);
    // State 70 is outside the sample (the first 64, then one in 256): unseen by default, not with paranoid.
    const sampled = await checkModel(flaky(200, 70));
    expect(sampled.error).toBeUndefined();
    const paranoid = await checkModel(flaky(200, 70), { paranoid: true });
    expect(paranoid.exitCode).toBe(75);
    expect(paranoid.error!.message).toMatch(/Next is not deterministic: .* 1 successors, then 2|Next is not deterministic: .* 2 successors, then 1/);
  });

  it('the CLI: --paranoid finds what the sample does not, exit 75 and one paragraph on stdout, no stack trace', () => {
    const sampled = migcheck('check', 'test/fixtures/clocked.ts');
    expect(sampled.code).toBe(0);
    const r = migcheck('check', 'test/fixtures/clocked.ts', '--paranoid');
    expect(r.code).toBe(75);
    expect(r.stdout).toMatch(/^Error: action Next is not deterministic: .*\(while computing the successors of state 101 below\)\.$/m);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a trace that no longer replays keeps its violation (with the part that replays) and ends in exit 75', async () => {
    // The invariant's first failure changes what Step does: the search saw one model, the
    // rebuild of the trace sees another.
    let failed = false;
    const m = defineModel({
      name: 'shifty',
      init: [{ x: 0, tag: 'a' }],
      spec: () => ({
        actions: { Step: (s: { x: number; tag: string }) => (s.x < 5 ? { x: s.x + 1, tag: failed ? 'b' : 'a' } : null) },
        invariants: { BelowTwo: (s: { x: number }) => (s.x < 2 ? true : ((failed = true), false)) },
        terminal: (s: { x: number }) => s.x === 5,
      }),
    });
    const r = await checkModel(m);
    expect(r.exitCode).toBe(75);
    expect(r.violations.map((v) => v.property)).toEqual(['BelowTwo']);
    expect(r.violations[0].trace!.states).toHaveLength(1);
    expect(r.error).toMatchObject({ part: 'action', name: 'Step', fault: true });
    expect(r.error!.message).toMatch(/not deterministic: rebuilding a trace/);
    expect(formatReport(r)).toMatch(/Invariant BelowTwo is violated/);
  });
});

describe('predicates must return booleans', () => {
  it("an invariant returning the string 'false' is an error (76), not a holding invariant", async () => {
    const r = await checkModel(counter(() => 0), { invariants: [] });
    expect(r.exitCode).toBe(0);
    const m = defineModel({ name: 'stringly', init: [0], spec: () => ({ actions: { Stay: () => null }, invariants: { Inv: () => 'false' as unknown as boolean } }) });
    const bad = await checkModel(m, { checkDeadlock: false });
    expect(bad.exitCode).toBe(76);
    expect(bad.error).toMatchObject({ part: 'invariant', name: 'Inv', fault: true });
    expect(bad.error!.message).toBe('invariant Inv returned the string "false", not a boolean');
  });

  it('an action property returning 1, a terminal predicate returning undefined, params that are not iterable: errors', async () => {
    const step = defineModel({ name: 'ap', init: [0], spec: () => ({ actions: { Inc: (i: number) => (i < 2 ? i + 1 : null) }, actionProperties: { Up: () => 1 as unknown as boolean }, terminal: (i: number) => i === 2 }) });
    expect((await checkModel(step)).error).toMatchObject({ part: 'actionProperty', name: 'Up', message: 'actionProperty Up returned the number 1, not a boolean' });
    const term = defineModel({ name: 'term', init: [0], spec: () => ({ actions: { Stay: () => null }, terminal: () => undefined as unknown as boolean }) });
    expect((await checkModel(term)).error).toMatchObject({ part: 'terminal', fault: true });
    const params = defineModel({ name: 'params', init: [0], spec: () => ({ actions: { Go: { params: () => undefined as unknown as [], next: (i: number) => i } } }) });
    const r = await checkModel(params);
    expect(r.exitCode).toBe(75);
    expect(r.error!.message).toMatch(/^action Go params\(state\) returned undefined, not an iterable/);
  });
});
