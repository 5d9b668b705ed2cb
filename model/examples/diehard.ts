// DieHard (from the TLA+ Examples): a 3-gallon and a 5-gallon jug; reach exactly 4 gallons.
// The invariant `NotFour` (TLC's `big # 4`) fails, and its counterexample is the puzzle's answer.

import { Record } from 'immutable';
import { defineModel } from 'migcheck';

const Jugs = Record({ small: 0, big: 0 });
type Jugs = ReturnType<typeof Jugs>;

export default defineModel({
  name: 'diehard',
  doc: 'The DieHard jug puzzle (3 and 5 gallons); NotFour fails with the solution as its trace.',
  constants: { smallCap: 3, bigCap: 5, goal: 4 },
  init: [Jugs()],
  spec: (c) => ({
    actions: {
      FillSmall: (s: Jugs) => s.set('small', c.smallCap),
      FillBig: (s: Jugs) => s.set('big', c.bigCap),
      EmptySmall: (s: Jugs) => s.set('small', 0),
      EmptyBig: (s: Jugs) => s.set('big', 0),
      SmallToBig: (s: Jugs) => {
        const poured = Math.min(s.small, c.bigCap - s.big);
        return s.merge({ small: s.small - poured, big: s.big + poured });
      },
      BigToSmall: (s: Jugs) => {
        const poured = Math.min(s.big, c.smallCap - s.small);
        return s.merge({ small: s.small + poured, big: s.big - poured });
      },
    },
    invariants: {
      TypeOK: (s: Jugs) => s.small >= 0 && s.small <= c.smallCap && s.big >= 0 && s.big <= c.bigCap,
      NotFour: (s: Jugs) => s.big !== c.goal,
    },
  }),
});
