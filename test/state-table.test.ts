import { describe, expect, it } from 'vitest';
import { StateTable, TableView } from '../src/engine/state/table.ts';
import { prng } from './support/random-models.ts';

// Fingerprints chosen to stress the probe sequence: many share `lo` (the slot hash mixes hi
// in, but equal lo values still cluster) and hi = 0 / lo = 0 edge values are included.
function fingerprints(n: number, seed: number): [number, number][] {
  const rnd = prng(seed);
  const out: [number, number][] = [[0, 0], [0, 1], [1, 0], [0xffffffff, 0xffffffff]];
  const seen = new Set(out.map(([h, l]) => `${h}:${l}`));
  while (out.length < n) {
    const hi = (rnd() * 2 ** 32) >>> 0;
    const lo = out.length % 5 === 0 ? 7 : (rnd() * 2 ** 32) >>> 0;
    const key = `${hi}:${lo}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([hi, lo]);
  }
  return out;
}

describe('StateTable', () => {
  it('inserts, finds, and answers a duplicate with -(index + 1)', () => {
    const t = new StateTable();
    expect(t.insert(10, 20, -1, -1)).toBe(0);
    expect(t.insert(10, 21, 0, 3)).toBe(1);
    expect(t.insert(11, 20, 1, 4)).toBe(2);
    expect(t.insert(10, 21, 2, 9)).toBe(-2);
    expect(t.size).toBe(3);
    expect([t.find(10, 20), t.find(10, 21), t.find(11, 20), t.find(11, 21)]).toEqual([0, 1, 2, -1]);
    // A duplicate insert leaves the first parent and label alone.
    expect([t.parent(1), t.labelId(1)]).toEqual([0, 3]);
  });

  it('keeps every fingerprint, parent and label across several resizes', () => {
    const t = new StateTable(1024); // grows at ~614 states, then every doubling
    const fps = fingerprints(20_000, 42);
    const bytesBefore = t.bytes;
    fps.forEach(([hi, lo], i) => expect(t.insert(hi, lo, i - 1, i % 7)).toBe(i));
    expect(t.size).toBe(fps.length);
    expect(t.bytes).toBeGreaterThan(bytesBefore * 16); // at least four doublings happened
    fps.forEach(([hi, lo], i) => {
      expect(t.find(hi, lo)).toBe(i);
      expect(t.insert(hi, lo, 99, 99)).toBe(-(i + 1));
      expect([t.parent(i), t.labelId(i), t.fingerprintHi(i), t.fingerprintLo(i)]).toEqual([i - 1, i % 7, hi, lo]);
    });
    expect(t.size).toBe(fps.length);
    expect(t.find(123, 7)).toBe(-1);
  });

  it('lets a view of a shared table find what was inserted, and a stale view only miss states', () => {
    const t = new StateTable(1024, true);
    const fps = fingerprints(5_000, 7);
    const early = new TableView(t.view());
    fps.forEach(([hi, lo], i) => t.insert(hi, lo, i - 1, 0));
    const fresh = new TableView(t.view());
    fps.forEach(([hi, lo]) => expect(fresh.has(hi, lo)).toBe(true));
    expect(fresh.has(123, 7)).toBe(false);
    // The early view predates every growth: it may miss states, never invents one.
    const seen = fps.filter(([hi, lo]) => early.has(hi, lo)).length;
    expect(seen).toBeLessThan(fps.length);
    expect(fingerprints(10_000, 8).filter(([hi, lo]) => early.has(hi, lo) && t.find(hi, lo) < 0)).toEqual([]);
  });
});
