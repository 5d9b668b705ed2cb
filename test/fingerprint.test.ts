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
});
