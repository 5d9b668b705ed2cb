// A synthetic model for throughput: a Record of `n` counters modulo `mod`, each action
// incrementing one counter with wrap-around. Every combination is reachable, so there are
// mod^n distinct states and n * mod^n generated ones (plus the initial state): the engine's
// own cost, with a trivial model and nothing to short-circuit.

import { Record } from 'immutable';
import { defineModel } from '../src/index.ts';

export default defineModel({
  name: 'counters',
  constants: { n: 4, mod: 4 },
  spec: (c) => {
    const fields: { [k: string]: number } = {};
    for (let i = 0; i < c.n; i++) fields[`c${i}`] = 0;
    const R = Record(fields);
    type R = ReturnType<typeof R>;
    const params = Object.keys(fields).map((f) => ({ f }));
    return {
      init: [R()],
      actions: {
        Inc: { params: () => params, next: (s: R, p: { f: string }) => s.set(p.f, ((s.get(p.f) as number) + 1) % c.mod) },
      },
      invariants: { InRange: (s: R) => (s.get('c0') as number) < c.mod },
    };
  },
});
