import { is, List, Map, Record, Set } from 'immutable';
import { describe, expect, it } from 'vitest';
import { Fingerprinter } from '../src/engine/state/fingerprint.ts';
import { Frontier } from '../src/engine/state/frontier.ts';

// The frontier stores Records as per-field value ids: what comes out must be the state that
// went in (equal, same fingerprint, same Record type, usable by model code), in FIFO order.
describe('the frontier', () => {
  const R = Record({ n: 0, tag: 'a', items: Set<number>(), list: List<string>() });
  const Other = Record({ x: 0 });

  const roundTrip = (states: unknown[]) => {
    const q = new Frontier<unknown>();
    for (const s of states) q.push(s);
    expect(q.length).toBe(states.length);
    const out: unknown[] = [];
    while (q.length > 0) out.push(q.shift());
    return out;
  };

  it('gives back equal Records of the same type, in order, defaults included', () => {
    const states = [R(), R({ n: 1 }), R({ items: Set([1, 2]) }), R({ n: 0, tag: 'b', list: List(['x']) }), R().set('n', 5).set('n', 0)];
    const out = roundTrip(states);
    const fp = new Fingerprinter();
    out.forEach((s, i) => {
      expect(is(s, states[i])).toBe(true);
      expect(s).toBeInstanceOf(R);
      expect(fp.hex(s)).toBe(fp.hex(states[i]));
    });
    // Model code works on them as on the originals.
    const back = out[2] as ReturnType<typeof R>;
    expect(back.items.has(2)).toBe(true);
    expect(back.set('n', 3).n).toBe(3);
    expect(back.tag).toBe('a');
  });

  it('queues states of other shapes as they are', () => {
    const states = [R({ n: 1 }), Other({ x: 2 }), Map({ a: 1 }), 7, R({ n: 2 }), [1, 2]];
    const out = roundTrip(states);
    expect(out[1]).toBe(states[1]);
    expect(out[2]).toBe(states[2]);
    expect(out[3]).toBe(7);
    expect(out[5]).toBe(states[5]);
    expect(is(out[0], states[0]) && is(out[4], states[4])).toBe(true);
  });

  it('keeps order across chunks and when a field stops being interned mid-queue', () => {
    // 40,000 distinct `n` values: the field switches to being queued as is after its trial.
    const states = Array.from({ length: 40_000 }, (_, i) => R({ n: i, tag: i % 3 === 0 ? 'a' : 'b', items: Set([i % 5]) }));
    const out = roundTrip(states) as ReturnType<typeof R>[];
    expect(out.map((s) => s.n)).toEqual(states.map((s) => s.n));
    expect(out.every((s, i) => is(s, states[i]))).toBe(true);
  });

  it('queues a mostly-distinct List field as its elements once past the trial (the migration model\'s pages)', () => {
    const Page = Record({ stage: 'clean', dirty: false });
    const Mig = Record({ phase: 'batch', pages: List<ReturnType<typeof Page>>() });
    const stages = ['clean', 'toSend', 'sent'];
    // 3^9 = 19,683 distinct page lists made of 6 distinct pages; some are empty or longer.
    const states = Array.from({ length: 20_000 }, (_, i) =>
      Mig({ phase: i % 2 ? 'batch' : 'data', pages: List(Array.from({ length: i % 97 === 0 ? 0 : 9 }, (_, k) => Page({ stage: stages[Math.floor(i / 3 ** k) % 3], dirty: k === 0 && i % 5 === 0 }))) }),
    );
    states.push(Mig({ pages: List(Array.from({ length: 40 }, () => Page())) }));
    const out = roundTrip(states) as ReturnType<typeof Mig>[];
    const fp = new Fingerprinter();
    out.forEach((s, i) => {
      expect(is(s, states[i])).toBe(true);
      expect(fp.hex(s)).toBe(fp.hex(states[i]));
    });
    expect(out[1].pages.get(0)!.set('stage', 'sent').stage).toBe('sent');
  });

  it('stops interning a field whose values repeat at first and not later, interleaved with a BFS-like drain', () => {
    // 10,000 states whose `n` takes 10 values, then 30,000 with distinct ones: the field is
    // interned, then queued as is from a later window on, and its table let go of once no
    // queued state refers to it. Shifts interleave with pushes, as in a search.
    const q = new Frontier<unknown>();
    const states = Array.from({ length: 40_000 }, (_, i) => R({ n: i < 10_000 ? i % 10 : i, items: Set([i % 7]) }));
    const out: ReturnType<typeof R>[] = [];
    states.forEach((s, i) => {
      q.push(s);
      if (i % 3 === 0) out.push(q.shift() as ReturnType<typeof R>);
    });
    while (q.length > 0) out.push(q.shift() as ReturnType<typeof R>);
    expect(out.map((s) => s.n)).toEqual(states.map((s) => s.n));
    expect(out.every((s, i) => is(s, states[i]))).toBe(true);
    // Filled again after its table was let go of.
    const more = [R({ n: 3 }), R({ n: 3, tag: 'c' }), R({ n: -1 })];
    for (const s of more) q.push(s);
    expect(more.map(() => q.shift())).toEqual(more.map((s) => expect.toSatisfy((x) => is(x, s))));
  });

  it('can be filled again after being emptied', () => {
    const q = new Frontier<unknown>();
    q.push(R({ n: 1 }));
    expect((q.shift() as ReturnType<typeof R>).n).toBe(1);
    q.push(R({ n: 2 }));
    q.push(R({ n: 3 }));
    expect((q.shift() as ReturnType<typeof R>).n).toBe(2);
    expect((q.shift() as ReturnType<typeof R>).n).toBe(3);
    expect(() => q.shift()).toThrow(/empty/);
  });
});
