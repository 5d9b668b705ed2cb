import { Record } from 'immutable';
import { describe, expect, it } from 'vitest';
import { defineModel } from '../src/api/model.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';
import { simulate } from '../src/engine/search/simulate.ts';

// A counter that stops on purpose at `stop`, and gets stuck at 2 when `stuckAt2` (a bug).
const C = Record({ n: 0 });
type C = ReturnType<typeof C>;
const counter = defineModel({
  name: 'counter',
  constants: { stop: 4, stuckAt2: false },
  init: [C()],
  spec: (c) => ({
    actions: { Inc: (s: C) => (s.n < c.stop && !(c.stuckAt2 && s.n === 2) ? s.set('n', s.n + 1) : null) },
    terminal: (s: C) => s.n === c.stop,
  }),
});

describe('terminal states', () => {
  it('a state without successors that the model declares terminal is not a deadlock', async () => {
    const r = await check(Instance.create(counter));
    expect(r.status).toBe('ok');
    expect(r.distinct).toBe(5);
  });

  it('deadlock checking still catches a stop anywhere else, with its shortest trace', async () => {
    const r = await check(Instance.create(counter, { stuckAt2: true }));
    expect(r.violations.map((v) => [v.property, v.trace?.states.length])).toEqual([['Deadlock', 3]]);
  });

  it('simulation applies the same rule', async () => {
    expect((await simulate(Instance.create(counter), { runs: 5, seed: 1 })).violations).toEqual([]);
    const stuck = await simulate(Instance.create(counter, { stuckAt2: true }), { runs: 5, seed: 1 });
    expect(stuck.violations.map((v) => v.property)).toEqual(['Deadlock']);
  });
});
