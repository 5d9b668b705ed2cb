// The readers of Immutable's internals (src/engine/state/immutable-internals.ts) against its
// public API: where a reader answers, its answer is the collection's contents.

import { List, Map, Record, Set } from 'immutable';
import { describe, expect, it } from 'vitest';
import { makeRecord, recordLayout, recordProto, recordSlots, smallList, trieOf, type TrieNode } from '../src/engine/state/immutable-internals.ts';

const Point = Record({ x: 0, y: 'a', z: List<number>() });

function trieEntries(node: TrieNode | undefined): unknown[][] {
  if (node === undefined) return [];
  if (node.entries) return node.entries.map((e) => [...e]);
  if (node.nodes) return node.nodes.flatMap((n) => trieEntries(n));
  return node.entry ? [[...node.entry]] : [];
}

describe("Immutable's internals, as the engine reads them", () => {
  it('reads small Lists from their backing arrays, and nothing else', () => {
    for (const n of [0, 1, 5, 31, 32]) {
      const l = List(Array.from({ length: n }, (_, i) => i * 3));
      expect(smallList(l)?.slice(0, n)).toEqual(l.toArray());
    }
    expect(smallList(List(Array.from({ length: 33 }, (_, i) => i)))).toBeNull();
    // Not starting at 0 (shifted): left to the public API.
    expect(smallList(List([1, 2, 3]).shift())).toBeNull();
    expect(smallList([1, 2])).toBeNull();
    expect(smallList(Set([1]))).toBeNull();
  });

  it('reads a Record as its field slots, undefined for a default, and rebuilds it', () => {
    const p = Point({ x: 2, z: List([1]) });
    const proto = recordProto(p)!;
    expect(proto).not.toBeNull();
    const slots = recordSlots(p, 3)!;
    const { keys, defaults } = recordLayout(p);
    expect(keys).toEqual(['x', 'y', 'z']);
    expect(keys!.map((_, i) => slots[i] ?? defaults![i])).toEqual([2, 'a', List([1])].map((v, i) => (i === 2 ? p.z : v)));
    const back = makeRecord(proto, [...slots]) as typeof p;
    expect(back.equals(p)).toBe(true);
    expect(Object.getPrototypeOf(back)).toBe(Object.getPrototypeOf(p));
    // Every field at its default.
    const d = Point();
    expect(recordSlots(d, 3)).toEqual([undefined, undefined, undefined]);
    expect((makeRecord(proto, [undefined, undefined, undefined]) as typeof d).equals(d)).toBe(true);
    expect(recordSlots(p, 4)).toBeNull();
    expect(recordProto(Map({ x: 1 }))).toBeNull();
  });

  it('walks the tries of Maps and Sets of every size to their entries', () => {
    for (const n of [0, 1, 7, 8, 9, 16, 17, 40, 300]) {
      const m = Map(Array.from({ length: n }, (_, i) => [`k${i}`, i] as [string, number]));
      const entries = trieEntries(trieOf(m, false));
      expect(entries).toHaveLength(n);
      for (const [k, v] of entries) expect(m.get(k as string)).toBe(v);
      const s = Set(Array.from({ length: n }, (_, i) => i * 7));
      const members = trieEntries(trieOf(s, true)).map(([k]) => k);
      expect(members).toHaveLength(n);
      for (const k of members) expect(s.has(k as number)).toBe(true);
    }
  });
});
