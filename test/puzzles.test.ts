import { describe, expect, it } from 'vitest';
import hanoi from '../model/examples/hanoi.ts';
import river from '../model/examples/river.ts';
import { check } from '../src/api/check.ts';
import { Instance } from '../src/engine/instance.ts';

// Puzzles whose answers are known in closed form: independent checks of counts and of
// shortest counterexamples.
describe('river crossing (wolf, goat, cabbage)', () => {
  it('reaches the 10 safe placements and solves the puzzle in 7 crossings', async () => {
    const all = await check(Instance.create(river), { invariants: ['Safe'] });
    expect([all.status, all.distinct]).toEqual(['ok', 10]);
    const r = await check(Instance.create(river));
    const v = r.violations[0];
    expect(v.property).toBe('NotSolved');
    expect(v.trace!.states).toHaveLength(8);
    // The goat crosses first and last.
    expect([v.trace!.states[1].label, v.trace!.states[7].label]).toEqual(['CrossWith(item=goat)', 'CrossWith(item=goat)']);
  });
});

describe('Tower of Hanoi', () => {
  it.each([1, 2, 3, 4, 5, 6])('%i disks: 3^n states, depth 2^n, generated 3^(n+1) - 2', async (disks) => {
    const r = await check(Instance.create(hanoi, { disks }), { invariants: ['Stacked'] });
    expect(r.status).toBe('ok');
    expect([r.distinct, r.depth, r.generated]).toEqual([3 ** disks, 2 ** disks, 3 ** (disks + 1) - 2]);
  });

  it.each([3, 5])('%i disks: the shortest solution takes 2^n - 1 moves', async (disks) => {
    const r = await check(Instance.create(hanoi, { disks }));
    const v = r.violations[0];
    expect(v.property).toBe('NotMoved');
    expect(v.trace!.states).toHaveLength(2 ** disks);
  });
});
