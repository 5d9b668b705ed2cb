// A synthetic model for throughput: a Record of `n` counters modulo `mod`, each action
// incrementing one counter with wrap-around. Every combination is reachable, so there are
// mod^n distinct states and n * mod^n generated ones (plus the initial state): the engine's
// own cost, with a trivial model and nothing to short-circuit.

import { Record } from 'immutable';
import { defineModel } from 'migcheck';

// One Record type per number of counters, shared by init and spec.
const counterRecords = new Map<number, Record.Factory<{ [k: string]: number }>>();
function counters(n: number): Record.Factory<{ [k: string]: number }> {
  let R = counterRecords.get(n);
  if (!R) {
    const fields: { [k: string]: number } = {};
    for (let i = 0; i < n; i++) fields[`c${i}`] = 0;
    R = Record(fields);
    counterRecords.set(n, R);
  }
  return R;
}

export default defineModel({
  name: 'counters',
  constants: { n: 4, mod: 4 },
  init: (c) => [counters(c.n)()],
  spec: (c) => {
    const params = Array.from({ length: c.n }, (_, i) => ({ f: `c${i}` }));
    return {
      actions: {
        Inc: { params: () => params, next: (s, p) => s.set(p.f, (s.get(p.f) + 1) % c.mod) },
      },
      invariants: { InRange: (s) => s.get('c0') < c.mod },
    };
  },
});
