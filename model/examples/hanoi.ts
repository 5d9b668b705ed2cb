// Tower of Hanoi with `disks` disks on three pegs. Exactly 3^n placements exist and all are
// reachable; moving the tower from peg 0 to peg 2 takes 2^n - 1 moves at best, so `NotMoved`
// fails with a 2^n-state trace. The complete search has depth 2^n (the other two corners of
// the state graph are the farthest states), and generated = 1 + 3^(n+1) - 3 (three corner
// states allow 2 moves, every other state 3).

import { List } from 'immutable';
import { defineModel } from 'migcheck';

/** pegs.get(p) lists peg p's disks from bottom to top (larger numbers are larger disks). */
type Pegs = List<List<number>>;

export default defineModel({
  name: 'hanoi',
  doc: 'Tower of Hanoi; NotMoved fails with the optimal 2^n - 1 move solution as its trace.',
  constants: { disks: { default: 4, min: 1, max: 12, doc: 'number of disks' } },
  // Every disk on peg 0, the largest at the bottom.
  init: (c) => [List([List(Array.from({ length: c.disks }, (_, i) => c.disks - i)), List<number>(), List<number>()])],
  spec: (c) => {
    const n = c.disks;
    const moves = [0, 1, 2].flatMap((from) => [0, 1, 2].filter((to) => to !== from).map((to) => ({ from, to })));
    return {
      actions: {
        Move: {
          params: () => moves,
          next: (s: Pegs, { from, to }: { from: number; to: number }) => {
            const disk = s.get(from)!.last();
            const top = s.get(to)!.last();
            if (disk === undefined || (top !== undefined && top < disk)) return null;
            return s.set(from, s.get(from)!.pop()).set(to, s.get(to)!.push(disk));
          },
        },
      },
      invariants: {
        // Every peg is stacked larger below smaller, and no disk is lost.
        Stacked: (s: Pegs) => s.every((peg) => peg.every((d, i) => i === 0 || peg.get(i - 1)! > d)) && s.reduce((k, peg) => k + peg.size, 0) === n,
        NotMoved: (s: Pegs) => s.get(2)!.size !== n,
      },
    };
  },
});
