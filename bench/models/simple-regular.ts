// Lamport's SimpleRegular, from the TLA+ Examples (specifications/TeachingConcurrency/
// SimpleRegular.tla, MIT License; the TLA+ the bench runs TLC on is bench/tla/SimpleRegular.tla):
// N processes, each writing its regular register x[i] (a set of values: {0}, then {0, 1}
// while the write of 1 is in progress, then {1}) and reading its neighbour's into y[i].
// Written from the PlusCal translation as a TLA+ user new to migcheck would write it, for
// the benchmark: Maps over the processes, Immutable Sets as register values, nothing tuned.
// TLC's counts (N = 8): 277,726 distinct states, 1,454,776 generated, depth 25.

import { Map, Record, Set } from 'immutable';
import { defineModel } from 'migcheck';

type PC = 'a1' | 'a2' | 'b' | 'Done';

const State = Record({
  x: Map<number, Set<number>>(),
  y: Map<number, number>(),
  pc: Map<number, PC>(),
});

export default defineModel({
  name: 'simple-regular',
  doc: 'Lamport\'s "Teaching Concurrency" algorithm with regular registers (TLA+ Examples, SimpleRegular.tla)',
  constants: { N: { default: 8, min: 1, doc: 'number of processes' } },
  init: (c) => {
    const procs = Array.from({ length: c.N }, (_, i) => i);
    return [
      State({
        x: Map(procs.map((i) => [i, Set([0])])),
        y: Map(procs.map((i) => [i, 0])),
        pc: Map(procs.map((i): [number, PC] => [i, 'a1'])),
      }),
    ];
  },
  spec: (c) => {
    const procs = Array.from({ length: c.N }, (_, i) => i);
    const typeOK = (s: ReturnType<typeof State>) =>
      procs.every((i) => s.x.get(i)!.size > 0 && s.x.get(i)!.every((v) => v === 0 || v === 1)) &&
      procs.every((i) => s.y.get(i) === 0 || s.y.get(i) === 1) &&
      procs.every((i) => ['a1', 'a2', 'b', 'Done'].includes(s.pc.get(i)!));
    return {
      actions: {
        a1: {
          params: () => procs.map((self) => ({ self })),
          next: (s, { self }: { self: number }) =>
            s.pc.get(self) === 'a1' ? s.merge({ x: s.x.set(self, Set([0, 1])), pc: s.pc.set(self, 'a2') }) : null,
        },
        a2: {
          params: () => procs.map((self) => ({ self })),
          next: (s, { self }: { self: number }) =>
            s.pc.get(self) === 'a2' ? s.merge({ x: s.x.set(self, Set([1])), pc: s.pc.set(self, 'b') }) : null,
        },
        b: {
          params: () => procs.map((self) => ({ self })),
          // \E v \in x[(self-1) % N] : y' = [y EXCEPT ![self] = v]   (TLA+'s % is never negative)
          next: (s, { self }: { self: number }) =>
            s.pc.get(self) === 'b'
              ? s.x
                  .get((self - 1 + c.N) % c.N)!
                  .toArray()
                  .map((v) => s.merge({ y: s.y.set(self, v), pc: s.pc.set(self, 'Done') }))
              : null,
        },
        // Allow infinite stuttering to prevent deadlock on termination.
        Terminating: (s) => (s.pc.every((pc) => pc === 'Done') ? s : null),
      },
      invariants: {
        PCorrect: (s) => !s.pc.every((pc) => pc === 'Done') || s.y.some((y) => y === 1),
        TypeOK: typeOK,
        Inv: (s) =>
          typeOK(s) &&
          procs.every((i) => !['b', 'Done'].includes(s.pc.get(i)!) || s.x.get(i)!.equals(Set([1]))) &&
          (procs.some((i) => s.pc.get(i) !== 'Done') || procs.some((i) => s.y.get(i) === 1)),
      },
    };
  },
});
