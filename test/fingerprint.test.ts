import { hash, List, Map, OrderedSet, Record, Set } from 'immutable';
import { describe, expect, it } from 'vitest';
import { Fingerprinter } from '../src/engine/state/fingerprint.ts';

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

  it('read the empty string alike in a fresh cache slot (pre-filled with it) and in a used one', () => {
    // Two other strings at the slot first push the pre-filled entries out, so the used
    // reader hashes '' itself.
    const used = new Fingerprinter();
    used.hex(List(['a']));
    used.hex(List(['b']));
    expect(used.hex(List(['']))).toBe(new Fingerprinter().hex(List([''])));
    expect(new Fingerprinter().hex(List(['']))).not.toBe(new Fingerprinter().hex(List(['a'])));
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
      const pick = next(7);
      // Strings are cached by path too: equal ones made apart must read alike.
      if (pick === 6) st = st.set('l', st.l.set(next(2), ['p', 'q', [...'p'].join('')][next(3)]));
      else if (pick === 0) st = st.set('l', st.l.push(R({ a: next(3) })).takeLast(4));
      else if (pick === 1) st = st.set('s', next(2) ? st.s.add(List([next(4)])) : st.s.rest());
      else if (pick === 2) st = st.set('m', st.m.set(`k${next(3)}`, st.l.first() ?? null));
      else if (pick === 3) st = st.set('l', st.l.reverse());
      else if (pick === 4) st = st.set('n', next(5));
      else st = S({ l: List(st.l.toArray()), s: Set(st.s.toArray()), m: Map<string, unknown>(st.m.entries()), n: st.n });
      expect(cached.hex(st)).toBe(new Fingerprinter().hex(st));
    }
  });

  it('read a Set or Map the same through its hash trie as through forEach, at every size and with hash collisions', () => {
    // Sets and Maps are read by walking Immutable's trie (array nodes up to 8 entries, then
    // bitmap and hash-array nodes, collision nodes for equal 32-bit hashes); forEach order
    // differs with insertion order, so equality across orders is what the walk must keep.
    const cached = new Fingerprinter();
    // 'Aa' + x and 'BB' + x have the same Immutable hash: in a trie they share a collision node.
    expect(hash('Aa7')).toBe(hash('BB7'));
    const members = (n: number) => Array.from({ length: n }, (_, i) => [`Aa${i}`, `BB${i - 1}`, List([i]), i][i % 4]);
    const hasCollisionNode = (node: { keyHash?: number; entries?: unknown[]; nodes?: unknown[] } | undefined): boolean =>
      node !== undefined && ((node.keyHash !== undefined && node.entries !== undefined) || (node.nodes ?? []).some((m) => hasCollisionNode(m as never)));
    let collisionNodes = 0;
    for (let n = 0; n <= 40; n++) {
      const xs = members(n);
      const forward = Set(xs), backward = Set([...xs].reverse());
      if (hasCollisionNode((forward as unknown as { _map: { _root?: never } })._map._root)) collisionNodes++;
      const map = Map(xs.map((x, i) => [x, i] as [unknown, number]));
      const mapBack = Map([...xs.map((x, i) => [x, i] as [unknown, number])].reverse());
      expect(cached.hex(forward)).toBe(new Fingerprinter().hex(backward));
      expect(cached.hex(map)).toBe(new Fingerprinter().hex(mapBack));
      // Built by adding and deleting (the trie then has other nodes) and against a changed member.
      const churned = Set(xs).add('extra').union(xs.slice(0, 3)).delete('extra');
      expect(cached.hex(churned)).toBe(cached.hex(forward));
      if (n > 0) {
        expect(cached.hex(forward.delete(xs[n - 1]).add('other'))).not.toBe(cached.hex(forward));
        expect(cached.hex(map.set(xs[n - 1], -1))).not.toBe(cached.hex(map));
      }
    }
    expect(collisionNodes).toBeGreaterThan(0);
    const colliding = Set(['Aa', 'BB']);
    expect(cached.hex(colliding)).toBe(cached.hex(Set(['BB', 'Aa'])));
    expect(cached.hex(colliding)).not.toBe(cached.hex(Set(['Aa', 'Ab'])));
    expect(cached.hex(Map({ Aa: 1, BB: 2 }))).not.toBe(cached.hex(Map({ Aa: 2, BB: 1 })));
  });

  it('refuse NaN and the infinities; make a bigint its own kind', () => {
    const payloadNaN = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0];
    expect(Number.isNaN(payloadNaN)).toBe(true);
    for (const v of [payloadNaN, NaN, Infinity, -Infinity]) expect(() => fp.hex(List([v]))).toThrow(/may not hold the number/);
    expect(fp.hex(5n)).toBe(fp.hex(BigInt(5)));
    expect(new globalThis.Set([fp.hex(5n), fp.hex('5'), fp.hex(5), fp.hex('#bigint:5'), fp.hex(6n)]).size).toBe(5);
  });
});
