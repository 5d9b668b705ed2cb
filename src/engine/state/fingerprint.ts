// Where a state is fingerprinted. A value is read as a canonical sequence of words (equal
// values give equal words, whatever the insertion order of maps and sets) and hashed to 64 bits
// as it is read: nothing is written to a buffer, the hash state stays in local variables.
// Immutable's own hashCode() is not used: it is 32-bit and collides massively on small records.
//
// Every value is two 32-bit words that together determine it (see `part`): an integer, a
// float's bits, a string's 64-bit hash or, for an object, its *key* (the hash of its own
// words), each combined with its type. So the hash is structural: an object inside a value
// contributes only its key, which depends only on its value and is cached by identity. A
// successor shares most of its objects with its parent, and those are not read again. The cache
// is direct-mapped by a value's path from the root (the i-th item of the object at path p), two
// entries per slot (a parent's value and the one a sibling replaced it with); it holds strings
// too. Unordered Sets and Maps of more than 16 entries, the costliest to read, are also kept
// in a WeakMap per collection object.
//
// An unordered Set or Map is read as the sum of its entries' hashes (each entry's words mixed
// to 64 bits, the sums taken per 32-bit lane), so insertion order does not matter and nothing
// is sorted: a multiset hash, as random as its entries' hashes. Small Lists and Records are
// read straight from their backing arrays, Sets and Maps from their hash tries
// (immutable-internals.ts), without callbacks. Strings are hashed once
// and cached (states hold few distinct strings, often long). Keys are full 64-bit hashes, not 53-bit doubles, so that a
// collection or string collides no more often than whole states do (the printed collision
// estimate stays honest).

import { isImmutable, isRecord, isOrdered, isIndexed, isKeyed, type Collection } from 'immutable';
import { describeForeign, isPlainData, MAX_NESTING, StateDomainError } from './domain.ts';
import {
  BIGINT_A, BIGINT_B, ENTRY_A, ENTRY_B, FLOAT_A, FLOAT_B, INT_A, INT_B, M1, M2, MEMBER_A, MEMBER_B, P1, P2, P3, P4,
  REF_A, REF_B, SEED_A, SEED_B, SLOTS, STR_A, STR_B,
} from './hash-constants.ts';
import { recordLayout, recordSlots, smallListArray, trieOf, type ListInternals, type TrieNode } from './immutable-internals.ts';

// Type tags keep values of different kinds apart (1 vs "1" vs true vs [1]).
const T_UNDEF = 1, T_NULL = 2, T_FALSE = 3, T_TRUE = 4, T_INT = 5, T_FLOAT = 6, T_STR = 7;
const T_LIST = 8, T_SET = 9, T_MAP = 10, T_RECORD = 11, T_OBJECT = 12, T_OMAP = 13, T_OSET = 14;
// An object inside a value, written as its 64-bit key; a bigint as the hash of its digits.
const T_REF = 15, T_BIGINT = 16;

// What an object is, decided once per prototype (Immutable marks its kinds on prototypes).
const K_RECORD = 0, K_LIST = 1, K_SET = 2, K_OSET = 3, K_MAP = 4, K_OMAP = 5, K_ARRAY = 6, K_OBJECT = 7;

interface Kind {
  readonly kind: number;
  /** Records: field names in declaration order, and their defaults in that order (none:
   * fields are read through get()). */
  readonly keys?: readonly string[];
  readonly defaults?: readonly unknown[];
  /** Records: the lanes after the kind, a hash of the field names (so {a: 1} and {b: 1}
   * differ) and the number of fields. */
  readonly seedA?: number;
  readonly seedB?: number;
}

/** A Set or Map (Immutable's types declare `size` on the concrete collections only). */
type SizedCollection = Collection<unknown, unknown> & { readonly size: number };

/** A fingerprint: two 32-bit halves (numbers keep them unboxed and allocation-free). */
export interface Fingerprint {
  hi: number;
  lo: number;
}

// Strings cached beyond this many are hashed each time (a model making fresh strings per
// state must not grow the cache without bound).
const MAX_CACHED_STRINGS = 1 << 14;
// The direct-mapped cache of recent strings, and the prototypes whose kinds are scanned.
const RECENT_STRINGS = 64;
const SCANNED_PROTOTYPES = 8;
// Sets and Maps up to this size are re-read rather than keyed in a WeakMap.
const MAX_UNKEPT_ENTRIES = 16;

// 64-bit hashing in two 32-bit lanes. Each value enters as two words, one per lane (see
// `part`), that together determine it; a lane's step is a bijection of its state for a given
// word, so two sequences of one length that differ in one value never collide, and the lanes
// run side by side (one multiply each per value) and are mixed into each other at the end with
// murmur3's avalanche.

function stepA(a: number, w: number): number {
  a = Math.imul(a ^ w, P1);
  return (((a << 13) | (a >>> 19)) + P2) | 0;
}

function stepB(b: number, w: number): number {
  b = Math.imul((b + w) | 0, P3);
  return ((b << 17) | (b >>> 15)) ^ P4;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h;
}

// What a type adds to each of a value's two words: values of different types differ.
const tagA = (t: number): number => Math.imul(t, 0x632be5ab);
const tagB = (t: number): number => Math.imul(t, 0x1b873593);
for (const [t, a, b] of [[T_INT, INT_A, INT_B], [T_FLOAT, FLOAT_A, FLOAT_B], [T_STR, STR_A, STR_B], [T_REF, REF_A, REF_B], [T_BIGINT, BIGINT_A, BIGINT_B]]) {
  if (tagA(t) !== a || tagB(t) !== b) throw new Error(`fingerprint: the tags of type ${t} are not tagA and tagB of it`);
}

// The two words of an integer v: v itself (so integers never collide) and a bijective mix of
// it (so that lane B sees integer differences as scrambled as lane A sees hashes).
const intB = (v: number): number => Math.imul(v ^ (v >>> 15), M1) ^ INT_B;

// A value's two words, and the key an object, string or collection is read to: set by the
// readers below, read by their caller straight after (one thread, no re-entrance).
let VA = 0, VB = 0;

/** Finish lanes `a`, `b` into a 64-bit key in (VA, VB). */
function finish(a: number, b: number): void {
  a = fmix((a + Math.imul(b, P4)) | 0);
  VA = a;
  VB = fmix(b ^ Math.imul(a, P2));
}

// undefined, null, false and true: their words, which no integer has (checked at load).
const CONSTANT_A = [tagA(T_UNDEF), tagA(T_NULL), tagA(T_FALSE), tagA(T_TRUE)];
const CONSTANT_B = [tagB(T_UNDEF), tagB(T_NULL), tagB(T_FALSE), tagB(T_TRUE)];
for (let i = 0; i < 4; i++) {
  const v = (CONSTANT_A[i] - INT_A) | 0;
  if (intB(v) === CONSTANT_B[i]) throw new Error('fingerprint: a constant has the words of an integer');
}

// The cache slot of the i-th item of the object at slot `p`.
const childSlot = (p: number, i: number): number => (Math.imul(p + 1, P1) + i) & (SLOTS - 1);

// What the object caches hold before they hold values: an object no state can contain.
const NO_OBJECT = {};

const F64 = new Float64Array(1);
const F64_WORDS = new Int32Array(F64.buffer);

class CanonicalReader {
  private readonly kinds = new Map<object | null, Kind>();
  private readonly protos: (object | null)[] = [];
  private readonly protoKinds: Kind[] = [];
  // How deeply nested the object being read is (a circular plain object would never end).
  private depth = 0;
  private readonly collectionKeys = new WeakMap<object, Fingerprint>();
  // The caches of objects' and of strings' words: entries 2s (newest) and 2s + 1 are for slot
  // s. Kept apart so that each comparison sees one type: V8 then compares objects by pointer
  // in line, where a mixed array made it call its generic StrictEqual (3% of TwoPhase).
  private readonly objects: object[] = new Array<object>(2 * SLOTS).fill(NO_OBJECT);
  private readonly objectA = new Int32Array(2 * SLOTS);
  private readonly objectB = new Int32Array(2 * SLOTS);
  // Filled with the empty string and its words, so that every entry is right.
  private readonly strings: string[] = new Array<string>(2 * SLOTS).fill('');
  private readonly stringA = new Int32Array(2 * SLOTS);
  private readonly stringB = new Int32Array(2 * SLOTS);
  private readonly stringKeys = new Map<string, Fingerprint>();
  private readonly recentStrings: (string | undefined)[] = new Array<string | undefined>(RECENT_STRINGS).fill(undefined);
  private readonly recentHi = new Int32Array(RECENT_STRINGS);
  private readonly recentLo = new Int32Array(RECENT_STRINGS);
  // The collection being read entry by entry (an ordered one through forEach, an unordered one
  // from its trie), kept in fields that its readers and their forEach callbacks (made once)
  // share; a nested collection saves and restores them. Its slot, how many entries are read (for
  // an entry's cache slot) and its lanes: an ordered one's running hash, an unordered one's sums.
  private cbSlot = 0;
  private cbIndex = 0;
  private cbA = 0;
  private cbB = 0;
  private readonly sumItem = (x: unknown): void => this.addMember(x);
  private readonly sumEntry = (v: unknown, k: unknown): void => this.addEntry(k, v);
  private readonly absorbItem = (x: unknown): void => {
    this.part(x, childSlot(this.cbSlot, this.cbIndex++));
    this.cbA = stepA(this.cbA, VA);
    this.cbB = stepB(this.cbB, VB);
  };
  private readonly absorbEntry = (v: unknown, k: unknown): void => {
    const slot = childSlot(this.cbSlot, this.cbIndex++);
    this.part(k, slot);
    this.cbA = stepA(this.cbA, VA);
    this.cbB = stepB(this.cbB, VB);
    this.part(v, slot ^ 1);
    this.cbA = stepA(this.cbA, VA);
    this.cbB = stepB(this.cbB, VB);
  };

  constructor() {
    this.stringWords('');
    this.stringA.fill(VA);
    this.stringB.fill(VB);
  }

  /** Hash `v` into (VA, VB): an object's key, or for any other value the hash of its words. */
  root(v: unknown): void {
    // A read that threw (a state holding a function, say) left its nesting behind.
    this.depth = 0;
    if (typeof v === 'object' && v !== null) return this.contents(v, 0);
    this.part(v, 0);
    finish(stepA(SEED_A, VA), stepB(SEED_B, VB));
  }

  /** Set (VA, VB) to the two words of `v`; `slot` is its place in the object key cache. */
  private part(v: unknown, slot: number): void {
    // An if-chain of typeof tests, which V8 compiles to type checks (a switch on typeof calls
    // a builtin for the type's name).
    if (typeof v === 'string') {
      if (!this.cachedString(v, slot)) {
        this.stringWords(v);
        this.keepString(v, slot);
      }
    } else if (typeof v === 'number') {
      // -0 is read as 0: Immutable.is (hence Set and Map membership) holds them equal.
      if ((v | 0) === v) {
        VA = (v + INT_A) | 0;
        VB = intB(v);
      } else this.float(v);
    } else if (typeof v === 'object') {
      if (v === null) {
        VA = CONSTANT_A[1];
        VB = CONSTANT_B[1];
      } else if (!this.cachedObject(v, slot)) {
        this.contents(v, slot);
        VA = (VA + REF_A) | 0;
        VB ^= REF_B;
        this.keepObject(v, slot);
      }
    } else if (typeof v === 'boolean') {
      VA = CONSTANT_A[v ? 3 : 2];
      VB = CONSTANT_B[v ? 3 : 2];
    } else if (v === undefined) {
      VA = CONSTANT_A[0];
      VB = CONSTANT_B[0];
    } else if (typeof v === 'bigint') {
      this.string(v.toString());
      VA = (VA + BIGINT_A) | 0;
      VB ^= BIGINT_B;
    } else {
      throw new StateDomainError(describeForeign(v));
    }
  }

  /** A non-integer number's words: its 64 bits in a two-round Feistel mix (a bijection). */
  private float(v: number): void {
    // NaN and the infinities are outside the state domain: a model computing them has a bug.
    if (!Number.isFinite(v)) throw new StateDomainError(describeForeign(v));
    F64[0] = v;
    let x = F64_WORDS[1];
    let y = F64_WORDS[0];
    x = (x + FLOAT_A) | 0;
    y ^= FLOAT_B ^ Math.imul(x ^ (x >>> 16), M1);
    x ^= Math.imul(y ^ (y >>> 15), M2);
    VA = x;
    VB = y;
  }

  /** A string's hash into (VA, VB), cached. */
  private string(v: string): void {
    // A direct-mapped cache by length and end characters answers most strings with one
    // comparison, before the Map (whose lookup was 4% of TwoPhase's time).
    const n = v.length;
    const r = n === 0 ? 0 : (n + Math.imul(v.charCodeAt(0), 7) + Math.imul(v.charCodeAt(n - 1), 31)) & (RECENT_STRINGS - 1);
    if (this.recentStrings[r] === v) {
      VA = this.recentHi[r];
      VB = this.recentLo[r];
      return;
    }
    const known = this.stringKeys.get(v);
    if (known !== undefined) {
      VA = known.hi;
      VB = known.lo;
    } else {
      let a = stepA(SEED_A, n), b = stepB(SEED_B, n);
      for (let i = 0; i < n; i++) {
        const c = v.charCodeAt(i);
        a = stepA(a, c);
        b = stepB(b, intB(c));
      }
      finish(a, b);
      if (this.stringKeys.size < MAX_CACHED_STRINGS) this.stringKeys.set(v, { hi: VA, lo: VB });
    }
    this.recentStrings[r] = v;
    this.recentHi[r] = VA;
    this.recentLo[r] = VB;
  }

  /** A string's two words: its hash, tagged. */
  private stringWords(v: string): void {
    this.string(v);
    VA = (VA + STR_A) | 0;
    VB ^= STR_B;
  }

  // Whether `v` is in its cache at `slot` (if so, (VA, VB) are its words), and caching `v`,
  // whose words are (VA, VB), at `slot` with the slot's newest entry as the other. The same
  // code twice, once per type, for the reason given at the caches.
  private cachedObject(v: object, slot: number): boolean {
    const e = 2 * slot;
    const values = this.objects;
    if (values[e] === v) {
      VA = this.objectA[e];
      VB = this.objectB[e];
      return true;
    }
    if (values[e + 1] === v) {
      VA = this.objectA[e + 1];
      VB = this.objectB[e + 1];
      return true;
    }
    return false;
  }

  private keepObject(v: object, slot: number): void {
    const e = 2 * slot;
    const values = this.objects;
    values[e + 1] = values[e];
    this.objectA[e + 1] = this.objectA[e];
    this.objectB[e + 1] = this.objectB[e];
    values[e] = v;
    this.objectA[e] = VA;
    this.objectB[e] = VB;
  }

  private cachedString(v: string, slot: number): boolean {
    const e = 2 * slot;
    const values = this.strings;
    if (values[e] === v) {
      VA = this.stringA[e];
      VB = this.stringB[e];
      return true;
    }
    if (values[e + 1] === v) {
      VA = this.stringA[e + 1];
      VB = this.stringB[e + 1];
      return true;
    }
    return false;
  }

  private keepString(v: string, slot: number): void {
    const e = 2 * slot;
    const values = this.strings;
    values[e + 1] = values[e];
    this.stringA[e + 1] = this.stringA[e];
    this.stringB[e + 1] = this.stringB[e];
    values[e] = v;
    this.stringA[e] = VA;
    this.stringB[e] = VB;
  }

  private kindOf(v: object): Kind {
    const proto = Object.getPrototypeOf(v) as object | null;
    // States use a handful of prototypes: scanning them beats a Map lookup (2% of TwoPhase).
    const protos = this.protos;
    for (let i = 0; i < protos.length; i++) if (protos[i] === proto) return this.protoKinds[i];
    let k = this.kinds.get(proto);
    if (k === undefined) {
      k = classify(v);
      this.kinds.set(proto, k);
      if (protos.length < SCANNED_PROTOTYPES) {
        protos.push(proto);
        this.protoKinds.push(k);
      }
    }
    return k;
  }

  /** Read an object (its kind, then its parts, objects among them as keys) into its key in (VA, VB). */
  private contents(v: object, slot: number): void {
    const k = this.kindOf(v);
    switch (k.kind) {
      case K_RECORD:
        return this.record(v as Collection.Keyed<string, unknown>, k, slot);
      case K_LIST: {
        const arr = smallListArray(v as ListInternals);
        if (arr) return this.items(T_LIST, arr, (v as ListInternals).size, slot);
        return this.ordered(T_LIST, v as Collection<unknown, unknown>, this.absorbItem, slot);
      }
      case K_OSET:
        return this.ordered(T_OSET, v as Collection<unknown, unknown>, this.absorbItem, slot);
      case K_OMAP:
        return this.ordered(T_OMAP, v as Collection<unknown, unknown>, this.absorbEntry, slot);
      case K_SET:
        return this.unordered(T_SET, v as SizedCollection, slot);
      case K_MAP:
        return this.unordered(T_MAP, v as SizedCollection, slot);
      case K_ARRAY:
      default:
        return this.plain(v, k.kind, slot);
    }
  }

  /**
   * A plain object or array, frozen when first read, so that no action can change a state the
   * search holds (its key is cached by identity): changing one throws, in strict code, at the
   * culprit. Only such values can make a cycle, so their nesting is what is bounded.
   */
  private plain(v: object, kind: number, slot: number): void {
    if (!Object.isFrozen(v)) Object.freeze(v);
    if (++this.depth > MAX_NESTING) throw new StateDomainError(`a value nested more than ${MAX_NESTING} levels deep (a circular value?)`);
    if (kind === K_ARRAY) this.items(T_LIST, v as unknown[], (v as unknown[]).length, slot);
    else this.plainObject(v as { [k: string]: unknown }, slot);
    this.depth--;
  }

  private record(rec: Collection.Keyed<string, unknown>, k: Kind, slot: number): void {
    const keys = k.keys!, defaults = k.defaults;
    const n = keys.length;
    let a = k.seedA!, b = k.seedB!;
    const arr = defaults && recordSlots(rec, n);
    for (let i = 0; i < n; i++) {
      let x: unknown;
      if (arr) {
        // Undefined in the backing list means the field has its default value.
        x = arr[i];
        if (x === undefined) x = defaults![i];
      } else x = rec.get(keys[i]);
      this.part(x, childSlot(slot, i));
      a = stepA(a, VA);
      b = stepB(b, VB);
    }
    finish(a, b);
  }

  /** A sequence read from an array: a small List's backing array, or an array. */
  private items(tag: number, arr: readonly unknown[], n: number, slot: number): void {
    let a = stepA(SEED_A ^ tag, n);
    let b = stepB(SEED_B ^ tag, n);
    for (let i = 0; i < n; i++) {
      this.part(arr[i], childSlot(slot, i));
      a = stepA(a, VA);
      b = stepB(b, VB);
    }
    finish(a, b);
  }

  /** An ordered collection read through forEach (a large List, an OrderedSet or OrderedMap). */
  private ordered(tag: number, c: Collection<unknown, unknown>, each: (v: unknown, k: unknown) => void, slot: number): void {
    const savedSlot = this.cbSlot, savedIndex = this.cbIndex, savedA = this.cbA, savedB = this.cbB;
    const n = (c as unknown as ListInternals).size;
    this.cbSlot = slot;
    this.cbIndex = 0;
    this.cbA = stepA(SEED_A ^ tag, n);
    this.cbB = stepB(SEED_B ^ tag, n);
    c.forEach(each);
    const a = this.cbA, b = this.cbB;
    this.cbSlot = savedSlot;
    this.cbIndex = savedIndex;
    this.cbA = savedA;
    this.cbB = savedB;
    finish(a, b);
  }

  /**
   * A Set or Map read as its entries' hashes summed, or a large one through a key kept per
   * collection object: re-reading a small one costs less than a WeakMap insertion (which also
   * slows the GC; TwoPhase ran 1.12x faster in a third of the heap).
   */
  private unordered(tag: number, c: SizedCollection, slot: number): void {
    if (c.size <= MAX_UNKEPT_ENTRIES) return this.summed(tag, c, slot);
    const key = this.collectionKeys.get(c);
    if (key !== undefined) {
      VA = key.hi;
      VB = key.lo;
      return;
    }
    this.summed(tag, c, slot);
    this.collectionKeys.set(c, { hi: VA, lo: VB });
  }

  private summed(tag: number, c: SizedCollection, slot: number): void {
    const savedSlot = this.cbSlot, savedIndex = this.cbIndex, savedA = this.cbA, savedB = this.cbB;
    this.cbSlot = slot;
    this.cbIndex = 0;
    this.cbA = 0;
    this.cbB = 0;
    const isSet = tag === T_SET;
    const n = c.size;
    // The trie walk adds every entry; if the internals are not as expected, forEach does.
    if (this.sumTrie(trieOf(c, isSet), isSet) !== n) {
      this.cbIndex = 0;
      this.cbA = 0;
      this.cbB = 0;
      c.forEach(isSet ? this.sumItem : this.sumEntry);
    }
    const a = stepA(stepA(SEED_A ^ tag, n), this.cbA);
    const b = stepB(stepB(SEED_B ^ tag, n), this.cbB);
    this.cbSlot = savedSlot;
    this.cbIndex = savedIndex;
    this.cbA = savedA;
    this.cbB = savedB;
    finish(a, b);
  }

  /**
   * Add the entries under a Map trie node (a Set's members, a Map's keys with their values);
   * returns how many (-1: a node of an unknown shape).
   */
  private sumTrie(node: TrieNode | undefined, isSet: boolean): number {
    if (node === undefined) return 0;
    const entries = node.entries;
    if (entries !== undefined) {
      for (let i = 0; i < entries.length; i++) {
        if (isSet) this.addMember(entries[i][0]);
        else this.addEntry(entries[i][0], entries[i][1]);
      }
      return entries.length;
    }
    const nodes = node.nodes;
    if (nodes !== undefined) {
      let count = 0;
      for (let i = 0; i < nodes.length; i++) {
        const m = this.sumTrie(nodes[i], isSet);
        if (m < 0) return -1;
        count += m;
      }
      return count;
    }
    const entry = node.entry;
    if (entry !== undefined) {
      if (isSet) this.addMember(entry[0]);
      else this.addEntry(entry[0], entry[1]);
      return 1;
    }
    return -1;
  }

  // An entry's hash is its words mixed by `finish`, a bijection of 64 bits: distinct entries
  // have distinct hashes, each as random as a state's fingerprint.
  private addMember(x: unknown): void {
    this.part(x, childSlot(this.cbSlot, this.cbIndex++));
    finish(stepA(MEMBER_A, VA), stepB(MEMBER_B, VB));
    this.cbA = (this.cbA + VA) | 0;
    this.cbB = (this.cbB + VB) | 0;
  }

  private addEntry(k: unknown, v: unknown): void {
    const slot = childSlot(this.cbSlot, this.cbIndex++);
    this.part(k, slot);
    const a = stepA(ENTRY_A, VA), b = stepB(ENTRY_B, VB);
    this.part(v, slot ^ 1);
    finish(stepA(a, VA), stepB(b, VB));
    this.cbA = (this.cbA + VA) | 0;
    this.cbB = (this.cbB + VB) | 0;
  }

  private plainObject(o: { [k: string]: unknown }, slot: number): void {
    const keys = Object.keys(o).sort();
    let a = stepA(SEED_A ^ T_OBJECT, keys.length);
    let b = stepB(SEED_B ^ T_OBJECT, keys.length);
    for (let i = 0; i < keys.length; i++) {
      this.part(keys[i], slot);
      a = stepA(a, VA);
      b = stepB(b, VB);
      this.part(o[keys[i]], childSlot(slot, i));
      a = stepA(a, VA);
      b = stepB(b, VB);
    }
    finish(a, b);
  }
}

function classify(v: object): Kind {
  if (!isImmutable(v)) {
    if (!isPlainData(v)) throw new StateDomainError(describeForeign(v));
    return { kind: Array.isArray(v) ? K_ARRAY : K_OBJECT };
  }
  if (isRecord(v)) {
    const layout = recordLayout(v);
    const keys = layout.keys ?? [...(v as unknown as Collection.Keyed<string, unknown>).toSeq().keys()];
    let a = SEED_A ^ T_RECORD, b = SEED_B ^ T_RECORD;
    for (const k of keys) {
      a = stepA(a, k.length);
      b = stepB(b, intB(k.length));
      for (let i = 0; i < k.length; i++) {
        a = stepA(a, k.charCodeAt(i));
        b = stepB(b, intB(k.charCodeAt(i)));
      }
    }
    return { kind: K_RECORD, keys, defaults: layout.defaults, seedA: stepA(a, keys.length), seedB: stepB(b, keys.length) };
  }
  if (isIndexed(v)) return { kind: K_LIST };
  const ordered = isOrdered(v);
  if (isKeyed(v)) return { kind: ordered ? K_OMAP : K_MAP };
  return { kind: ordered ? K_OSET : K_SET };
}

/** Fingerprints values; one instance per thread, reusing its buffers. */
export class Fingerprinter {
  readonly reader = new CanonicalReader();
  readonly fp: Fingerprint = { hi: 0, lo: 0 };

  /** Fingerprint `v` into `this.fp` (overwritten on the next call). */
  of(v: unknown): Fingerprint {
    this.reader.root(v);
    this.fp.hi = VA >>> 0;
    this.fp.lo = VB >>> 0;
    return this.fp;
  }

  /** The fingerprint as a 16-digit hex string (for tests and diagnostics). */
  hex(v: unknown): string {
    const { hi, lo } = this.of(v);
    return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
  }
}
