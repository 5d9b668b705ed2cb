import { describe, expect, it } from 'vitest';
import diehard from '../model/examples/diehard.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';

describe('DieHard (TLC figures)', () => {
  it('has 16 distinct states, 97 generated, depth 8 when only TypeOK is checked', async () => {
    const r = await check(Instance.create(diehard), { invariants: ['TypeOK'] });
    expect(r.status).toBe('ok');
    expect([r.distinct, r.generated, r.depth]).toEqual([16, 97, 8]);
  });

  it('violates NotFour with a shortest, 7-state trace that ends with 4 gallons in the big jug', async () => {
    const r = await check(Instance.create(diehard));
    expect(r.status).toBe('violation');
    const v = r.violations[0];
    expect(v.property).toBe('NotFour');
    const states = v.trace!.states;
    expect(states).toHaveLength(7);
    expect(states[0].label).toBe('Initial predicate');
    expect(states[6].state.big).toBe(4);
  });
});
