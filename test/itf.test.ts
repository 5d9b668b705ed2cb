// ITF as Quint and Apalache read it: the value encoding, the refusal of values ITF has no word
// for, lassos (loop index plus how the loop closes), and every kind of ITF file the CLI writes
// (counterexamples, lassos, reachability witnesses, simulation traces) read back by Quint's own
// reader (test/support/itf-reader.ts).
import { List, Map, OrderedMap, Record, Set } from 'immutable';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import diehard from '../model/examples/diehard.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import type { Trace } from '../src/engine/search/trace.ts';
import { UserError } from '../src/errors.ts';
import { itfValue, traceToItf } from '../src/report/itf.ts';
import { traceJson } from '../src/report/json.ts';
import { migcheck } from './support/cli.ts';
import { readItf } from './support/itf-reader.ts';

const traceOf = (...xs: unknown[]): Trace<unknown> => ({
  states: xs.map((state, n) => ({ label: n ? 'Tick' : 'Initial predicate', step: n ? { action: 'Tick' } : null, state })),
});

describe('itfValue (the --json encoding)', () => {
  it('keeps booleans, strings and safe integers; big integers become #bigint', () => {
    expect(itfValue(true)).toBe(true);
    expect(itfValue('x')).toBe('x');
    expect(itfValue(42)).toBe(42);
    expect(itfValue(2 ** 60)).toEqual({ '#bigint': '1152921504606846976' });
    expect(itfValue(12345678901234567890n)).toEqual({ '#bigint': '12345678901234567890' });
    expect(itfValue(5n)).toBe(5);
    expect(itfValue(null)).toBeNull();
    expect(itfValue(0.5)).toBe(0.5);
  });

  it('encodes Lists as arrays, Records as objects, Sets and Maps as tagged, canonically sorted', () => {
    const R = Record({ a: 1, b: List([1, 2]) });
    expect(itfValue(R())).toEqual({ a: 1, b: [1, 2] });
    expect(itfValue(Set([3, 1, 2]))).toEqual({ '#set': [1, 2, 3] });
    expect(itfValue(Set([2, 1]))).toEqual(itfValue(Set([1, 2])));
    expect(itfValue(Map({ y: 1, x: Set(['q']) }))).toEqual({ '#map': [['x', { '#set': ['q'] }], ['y', 1]] });
    expect(itfValue(OrderedMap([['z', 1], ['a', 2]]))).toEqual({ '#map': [['z', 1], ['a', 2]] });
    expect(itfValue({ p: [1, new globalThis.Set([true])] })).toEqual({ p: [1, { '#set': [true] }] });
  });
});

describe('traceToItf', () => {
  it('writes the DieHard counterexample with vars, indexed states, labels and every integer as #bigint', async () => {
    const r = await check(Instance.create(diehard));
    const itf = traceToItf(r.violations[0].trace!, { source: 'diehard' });
    expect(itf['#meta']).toMatchObject({ format: 'ITF', source: 'diehard' });
    expect(itf.vars).toEqual(['small', 'big']);
    expect(itf.states).toHaveLength(7);
    expect(itf.states[0]).toEqual({ '#meta': { index: 0, label: 'Initial predicate' }, small: { '#bigint': '0' }, big: { '#bigint': '0' } });
    expect(itf.states[6].big).toEqual({ '#bigint': '4' });
    expect(itf.loop).toBeUndefined();
  });

  it.each([
    ['null', { a: 1, b: { c: [0, null] } }, 'null at state.b.c[1]'],
    ['undefined', { a: 1, b: undefined }, 'undefined at state.b'],
    ['a fraction', { a: 1, m: Map([['k', 0.25]]) }, 'the number 0.25 at state.m.k'],
    ['a fraction in a set', Set([1, 1.5]), 'the number 1.5 at state.element(1.5)'],
    ['a fraction in a map key', { m: Map([[2.5, 'x']]) }, 'the number 2.5 at state.m.keyOf(2.5)'],
  ])('refuses %s (exit 151), naming the state, the path and the value', (_, bad, where) => {
    const trace = traceOf({ a: 0, b: { c: [0] }, m: Map() }, bad);
    let thrown: unknown;
    try {
      traceToItf(trace, { property: 'P' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).exitCode).toBe(151);
    expect((thrown as UserError).message).toContain(`The trace of P cannot be written as ITF: state 2 (Tick) holds ${where}.`);
  });

  it('refuses states that do not all define the same variables, as ITF requires', () => {
    expect(() => traceToItf(traceOf({ a: 0, b: 1 }, { a: 1 }))).toThrow(/state 2 has no variable b, which other states have/);
  });

  it('keeps a lasso\'s loop and how it closes, so a stuttering end and a one-state self-loop differ', () => {
    const three = traceOf({ n: 0 }, { n: 1 }, { n: 2 });
    const one = traceOf({ n: 0 });
    const back = traceToItf({ ...three, loop: 1, loopLabel: 'Tick' });
    expect(back.loop).toBe(1);
    expect(back['#meta']).toMatchObject({ loopLabel: 'Tick' });
    const stutter = traceToItf({ ...one, loop: 0, stuttering: true });
    const selfLoop = traceToItf({ ...one, loop: 0, loopLabel: 'Tick' });
    expect([stutter.loop, selfLoop.loop]).toEqual([0, 0]);
    expect(stutter['#meta']).toMatchObject({ stuttering: true });
    expect(stutter['#meta'].loopLabel).toBeUndefined();
    expect(selfLoop['#meta']).toMatchObject({ loopLabel: 'Tick' });
    expect(selfLoop['#meta'].stuttering).toBeUndefined();
    // A stuttering lasso without an explicit loop loops on its last state.
    expect(traceToItf({ ...three, stuttering: true }).loop).toBe(2);
    // --json tells them apart the same way.
    expect(traceJson({ ...one, loop: 0, stuttering: true })).toMatchObject({ loop: 0, stuttering: true });
    expect(traceJson({ ...one, loop: 0, loopLabel: 'Tick' })).toMatchObject({ loop: 0, loopLabel: 'Tick' });
    expect(traceJson({ ...one, loop: 0, loopLabel: 'Tick' })).not.toHaveProperty('stuttering');
  });
});

describe('every ITF file the CLI writes, read by Quint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'itf-'));
  const at = (f: string) => join(dir, f);
  const model = 'test/fixtures/itf-values.ts';

  it('counterexamples, lassos, witnesses and simulation traces keep their values, loops and labels', () => {
    expect(migcheck('check', model, '--continue', '--quiet', '--out-itf', at('fair.itf.json'), '--itf-witnesses', at('witness.itf.json')).code).toBe(12);
    expect(migcheck('check', model, '--continue', '--quiet', '--const', 'fair=false', '--out-itf', at('unfair.itf.json')).code).toBe(12);
    expect(migcheck('check', 'diehard', '--quiet', '--out-itf', at('diehard.itf.json')).code).toBe(12);
    expect(migcheck('simulate', 'diehard', '--quiet', '--seed', '1', '--out-itf', at('sim.itf.json')).code).toBe(12);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(['diehard.itf.json', 'fair.Stable.itf.json', 'fair.StaysZero.itf.json', 'sim.itf.json', 'unfair.Often.itf.json', 'unfair.Stable.itf.json', 'unfair.StaysZero.itf.json', 'witness.itf.json']);
    const read = Object.fromEntries(files.map((f) => [f, readItf(at(f))]));

    // Values as Quint reads them: integers of any size, sets, maps keyed by records, nested records.
    const first = read['fair.StaysZero.itf.json'].states[0];
    expect(first).toEqual({
      x: 0n,
      big: 2n ** 70n,
      neg: -3n,
      log: [1n, 2n],
      seen: { set: [1n, 3n] },
      at: { map: [[{ px: 1n, py: -1n }, 'a']] },
      inner: { tag: 'ok', depth: 1n },
    });
    expect(read['diehard.itf.json'].states.at(-1)).toEqual({ small: 3n, big: 4n });

    // The lasso closed by Toggle, and the ones that stutter at x = 0.
    expect(read['fair.Stable.itf.json'].doc).toMatchObject({ loop: 0, '#meta': { property: 'Stable', loopLabel: 'Toggle' } });
    expect(read['fair.Stable.itf.json'].doc.states.map((s) => s['#meta'])).toEqual([{ index: 0, label: 'Initial predicate' }, { index: 1, label: 'Toggle' }]);
    expect(read['unfair.Often.itf.json'].doc).toMatchObject({ loop: 0, '#meta': { property: 'Often', stuttering: true } });
    expect(read['unfair.Often.itf.json'].doc['#meta']).not.toHaveProperty('loopLabel');

    // The witness of the reachability check One ends where it holds.
    expect(read['witness.itf.json'].doc['#meta']).toMatchObject({ property: 'One', witness: true });
    expect(read['witness.itf.json'].states.at(-1)).toMatchObject({ x: 1n });
  });

  it('--out-itf refuses a trace holding null with exit 151 and one paragraph, and writes no file', () => {
    const file = at('hole.itf.json');
    const r = migcheck('check', model, '--quiet', '--const', 'hole=true', '--out-itf', file);
    expect(r.code).toBe(151);
    expect(r.stdout).toContain('Invariant StaysZero is violated.');
    expect(r.stderr.trim()).toBe(
      `--out-itf ${file}: The trace of StaysZero cannot be written as ITF: state 2 (Toggle) holds null at state.inner.depth. ITF, the trace format of Quint and Apalache (ADR-015), has no null, no undefined and no fractional numbers, and an encoding made up here would be misread by those tools. Give the model a value ITF can carry there (a string or a record tag for "none", an integer in smaller units). Or leave out --out-itf: the verdict printed above stands, and no ITF file was written.`,
    );
    expect(readdirSync(dir)).not.toContain('hole.itf.json');
  });
});
