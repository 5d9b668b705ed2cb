import { describe, expect, it } from 'vitest';
import diehard from '../model/examples/diehard.ts';
import { defineModel } from '../src/api/model.ts';
import { Instance } from '../src/engine/instance.ts';
import { simulate, splitmix32 } from '../src/engine/search/simulate.ts';

describe('simulate', () => {
  it('splitmix32 is deterministic and stays in range', () => {
    const a = splitmix32(7), b = splitmix32(7), c = splitmix32(8);
    const xs = Array.from({ length: 100 }, () => a(10));
    expect(Array.from({ length: 100 }, () => b(10))).toEqual(xs);
    expect(Array.from({ length: 100 }, () => c(10))).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 10)).toBe(true);
    expect(new Set(xs).size).toBe(10);
  });

  it('the same seed gives the same counterexample; each trace is a real walk ending in the violation', async () => {
    const run = (seed: number) => simulate(Instance.create(diehard), { seed, runs: 500, depth: 40 });
    const [first, again] = [await run(1234), await run(1234)];
    expect(first.status).toBe('violation');
    const labels = (r: typeof first) => r.violations[0].trace!.states.map((t) => t.label);
    expect(labels(again)).toEqual(labels(first));
    expect([again.runs, again.states]).toEqual([first.runs, first.states]);
    const states = first.violations[0].trace!.states;
    expect(states[0].label).toBe('Initial predicate');
    expect(states.at(-1)!.state.big).toBe(4);
    expect(states.slice(0, -1).every((t) => t.state.big !== 4)).toBe(true);
  });

  it('finds nothing when only TypeOK is checked, and counts every state visited', async () => {
    const r = await simulate(Instance.create(diehard), { seed: 5, runs: 20, depth: 10, invariants: ['TypeOK'] });
    expect(r).toMatchObject({ status: 'ok', runs: 20, states: 200, longest: 10, violations: [] });
  });

  it('ends a walk whose successors all lie outside the constraints without calling it a deadlock', async () => {
    const bounded = defineModel({
      name: 'bounded',
      init: [0],
      spec: () => ({ actions: { Inc: (n: number) => n + 1 }, constraints: { UpToThree: (n: number) => n <= 3 } }),
    });
    const r = await simulate(Instance.create(bounded), { seed: 1, runs: 2, depth: 10 });
    expect(r).toMatchObject({ status: 'ok', runs: 2, states: 8, longest: 4 });
  });
});
