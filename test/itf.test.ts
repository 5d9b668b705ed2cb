import { List, Map, OrderedMap, Record, Set } from 'immutable';
import { describe, expect, it } from 'vitest';
import diehard from '../model/examples/diehard.ts';
import { check } from '../src/engine/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { itfValue, traceToItf } from '../src/report/itf.ts';

describe('itfValue', () => {
  it('keeps booleans, strings and safe integers; big integers become #bigint', () => {
    expect(itfValue(true)).toBe(true);
    expect(itfValue('x')).toBe('x');
    expect(itfValue(42)).toBe(42);
    expect(itfValue(2 ** 60)).toEqual({ '#bigint': '1152921504606846976' });
    expect(itfValue(12345678901234567890n)).toEqual({ '#bigint': '12345678901234567890' });
    expect(itfValue(5n)).toBe(5);
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
  it('writes the DieHard counterexample with vars, indexed states and labels', async () => {
    const r = await check(Instance.create(diehard));
    const itf = traceToItf(r.violations[0].trace!, { source: 'diehard' });
    expect(itf['#meta']).toMatchObject({ format: 'ITF', source: 'diehard' });
    expect(itf.vars).toEqual(['small', 'big']);
    expect(itf.states).toHaveLength(7);
    expect(itf.states[0]).toEqual({ '#meta': { index: 0, label: 'Initial predicate' }, small: 0, big: 0 });
    expect(itf.states[6].big).toBe(4);
    expect(itf.loop).toBeUndefined();
  });

  it('records a lasso loop, and a stuttering lasso loops on its last state', () => {
    const states = [0, 1, 2].map((n) => ({ label: n ? 'Tick' : 'Initial predicate', step: n ? { action: 'Tick' } : null, state: { n } }));
    expect(traceToItf({ states, loop: 1 }).loop).toBe(1);
    expect(traceToItf({ states, stuttering: true }).loop).toBe(2);
  });
});
