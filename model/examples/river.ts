// River crossing (wolf, goat, cabbage): the farmer's boat holds him and at most one item; the
// goat may not be left alone with the wolf or with the cabbage. `NotSolved` fails, and its
// shortest counterexample is the puzzle's answer: 7 crossings (8 states). Of the 16
// placements, the 10 safe ones are all reachable.

import { Record } from 'immutable';
import { defineModel } from 'migcheck';

// The bank (0 = start, 1 = goal) of each.
const Banks = Record({ farmer: 0, wolf: 0, goat: 0, cabbage: 0 });
type Banks = ReturnType<typeof Banks>;
type Item = 'wolf' | 'goat' | 'cabbage';

const safe = (s: Banks) => s.goat === s.farmer || (s.goat !== s.wolf && s.goat !== s.cabbage);

export default defineModel({
  name: 'river',
  doc: 'The wolf, goat and cabbage river crossing; NotSolved fails with the 7-crossing solution as its trace.',
  init: [Banks()],
  spec: () => {
    const items = (['wolf', 'goat', 'cabbage'] as const).map((item) => ({ item }));
    return {
      actions: {
        CrossAlone: (s: Banks) => {
          const t = s.set('farmer', 1 - s.farmer);
          return safe(t) ? t : null;
        },
        CrossWith: {
          params: () => items,
          next: (s: Banks, { item }: { item: Item }) => {
            if (s.get(item) !== s.farmer) return null;
            const t = s.merge({ farmer: 1 - s.farmer, [item]: 1 - s.farmer });
            return safe(t) ? t : null;
          },
        },
      },
      invariants: {
        Safe: safe,
        NotSolved: (s: Banks) => !(s.farmer === 1 && s.wolf === 1 && s.goat === 1 && s.cabbage === 1),
      },
    };
  },
});
