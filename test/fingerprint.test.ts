import { List, Map, OrderedSet, Record, Set } from 'immutable';
import { describe, expect, it } from 'vitest';
import { Fingerprinter } from '../src/engine/fingerprint.ts';

// The fast paths (small Lists and Records read from their backing arrays, hashed set
// entries) must keep the contract: equal values, equal fingerprints; different, different.
describe('fingerprints', () => {
  const fp = new Fingerprinter();
  const R = Record({ a: 0, b: List<number>(), c: 'x' });

  it('ignore the insertion order of Sets and Maps, nested too', () => {
    expect(fp.hex(Set([1, 2, 3]))).toBe(fp.hex(Set([3, 1, 2])));
    expect(fp.hex(Map({ x: Set([R(), R({ a: 1 })]) }))).toBe(fp.hex(Map({ x: Set([R({ a: 1 }), R()]) })));
    expect(fp.hex(Set([1, 2]))).not.toBe(fp.hex(Set([1, 3])));
    expect(fp.hex(OrderedSet([1, 2]))).not.toBe(fp.hex(OrderedSet([2, 1])));
  });

  it('treat a Record field set to its default like an unset one', () => {
    expect(fp.hex(R({ a: 0 }))).toBe(fp.hex(R()));
    expect(fp.hex(R().set('a', 5).set('a', 0))).toBe(fp.hex(R()));
    expect(fp.hex(R({ a: 1 }))).not.toBe(fp.hex(R()));
  });

  it('encode large, shrunk and shifted Lists like the arrays they equal', () => {
    const big = Array.from({ length: 100 }, (_, i) => i);
    expect(fp.hex(List(big))).toBe(fp.hex(big));
    expect(fp.hex(List(big).setSize(10))).toBe(fp.hex(big.slice(0, 10)));
    expect(fp.hex(List(big).shift())).toBe(fp.hex(big.slice(1)));
    expect(fp.hex(List())).toBe(fp.hex([]));
  });

  it('treat 0 and -0 alike (Immutable.is holds them equal), keep 1 and "1" apart', () => {
    expect(fp.hex(0)).toBe(fp.hex(-0));
    expect(fp.hex(1)).not.toBe(fp.hex('1'));
  });

  it('tell apart strings that share a recent-string slot, and equate equal strings made apart', () => {
    // Same length and end characters: the same slot of the direct-mapped string cache.
    const cached = new Fingerprinter();
    const made = (s: string) => [...s].join('');
    for (const v of ['axb', 'ayb', 'axb', made('ayb'), List(['axb', 'ayb']), List(['ayb', 'axb'])]) {
      expect(cached.hex(v)).toBe(new Fingerprinter().hex(v));
    }
    expect(cached.hex('axb')).not.toBe(cached.hex('ayb'));
    expect(cached.hex(List(['axb', 'ayb']))).not.toBe(cached.hex(List(['ayb', 'axb'])));
  });

  it('give the same key to a Set growing and shrinking across the size whose keys are kept', () => {
    // Sets of more than 16 members keep their key in a WeakMap; smaller ones are re-sorted.
    const cached = new Fingerprinter();
    let set = Set<unknown>();
    for (let i = 0; i < 40; i++) {
      set = i < 25 ? set.add(List([i % 7, `m${i}`])) : set.rest();
      const wrapped = Map({ set, size: set.size });
      expect(cached.hex(wrapped)).toBe(new Fingerprinter().hex(wrapped));
      expect(cached.hex(set)).toBe(new Fingerprinter().hex(Set(set.toArray().reverse())));
    }
  });

  it('give the same key from the identity cache as from scratch, along a random walk of shared structure', () => {
    // Objects' keys are cached by walk position and identity: a successor that keeps some of
    // its parent's objects, moves them, or swaps in equal copies must hash as a fresh value.
    const S = Record({ l: List<unknown>(), s: Set<unknown>(), m: Map<string, unknown>(), n: 0 });
    let rnd = 12345;
    const next = (k: number) => {
      rnd = (Math.imul(rnd, 1103515245) + 12345) >>> 0;
      return rnd % k;
    };
    const cached = new Fingerprinter();
    let st = S({ l: List([R(), 'x']), s: Set([1, R({ a: 2 })]), m: Map({ k: List([1]) }) });
    for (let i = 0; i < 2000; i++) {
      const pick = next(6);
      if (pick === 0) st = st.set('l', st.l.push(R({ a: next(3) })).takeLast(4));
      else if (pick === 1) st = st.set('s', next(2) ? st.s.add(List([next(4)])) : st.s.rest());
      else if (pick === 2) st = st.set('m', st.m.set(`k${next(3)}`, st.l.first() ?? null));
      else if (pick === 3) st = st.set('l', st.l.reverse());
      else if (pick === 4) st = st.set('n', next(5));
      else st = S({ l: List(st.l.toArray()), s: Set(st.s.toArray()), m: Map<string, unknown>(st.m.entries()), n: st.n });
      expect(cached.hex(st)).toBe(new Fingerprinter().hex(st));
    }
  });
});
