// Where a state is fingerprinted. A value is written as a canonical sequence of 32-bit words
// (equal values give equal words, whatever the insertion order of maps and sets), then hashed
// to 64 bits. Immutable's own hashCode() is not used: it is 32-bit and collides massively on
// small records.
//
// The hash is structural: every object inside a value (List, Record, Set, Map, array, plain
// object) is written into its parent as its own 64-bit key, the hash of its own words. So an
// object's key depends only on its value, and is cached by identity: a successor shares most
// of its objects with its parent, and those are not re-encoded. The cache is indexed by an
// object's position in the walk (the n-th object met), two entries per position (a parent's
// object and the one a sibling replaced it with), so it costs no allocation; unordered Sets
// and Maps of more than 16 entries, the costliest to encode (their entry keys are sorted),
// are also kept in a WeakMap per collection object.
//
// This runs once per generated successor, so it avoids allocating: the kind of a value is
// looked up once per prototype, small Lists and Records are read straight from their backing
// array, and the entries of an unordered Set or Map are each hashed to a 64-bit key and the
// keys sorted (instead of sorting copied word slices). Strings are written as a cached 64-bit
// hash too (states hold few distinct strings, often long). Keys are full 64-bit hashes, not
// 53-bit doubles, so that a collection or string collides no more often than whole states do
// (the printed collision estimate stays honest).

import { isImmutable, isRecord, isOrdered, isIndexed, isKeyed, type Collection } from 'immutable';

// Type tags keep values of different kinds apart (1 vs "1" vs true vs [1]).
const T_UNDEF = 1, T_NULL = 2, T_FALSE = 3, T_TRUE = 4, T_INT = 5, T_FLOAT = 6, T_STR = 7;
const T_LIST = 8, T_SET = 9, T_MAP = 10, T_RECORD = 11, T_OBJECT = 12, T_OMAP = 13, T_OSET = 14;
// An object inside a value, written as its 64-bit key.
const T_REF = 15;

// What an object is, decided once per prototype (Immutable marks its kinds on prototypes).
const K_RECORD = 0, K_LIST = 1, K_SET = 2, K_OSET = 3, K_MAP = 4, K_OMAP = 5, K_ARRAY = 6, K_OBJECT = 7;

interface Kind {
  readonly kind: number;
  /** Records: field names in declaration order, and their defaults. */
  readonly keys?: readonly string[];
  readonly defaults?: { readonly [k: string]: unknown };
  /** Records: a 64-bit hash of the field names, so {a: 1} and {b: 1} differ. */
  readonly names?: Fingerprint;
}

// Immutable 5 internals read by the fast paths; each use is guarded and falls back to the
// public API when the shape is not the expected one.
export interface ListInternals {
  readonly size: number;
  readonly _origin?: number;
  readonly _capacity?: number;
  readonly _tail?: { readonly array: unknown[] };
}
interface RecordInternals {
  readonly _values?: ListInternals;
  get(k: string): unknown;
}

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
// Sets and Maps up to this size are re-encoded rather than keyed in a WeakMap.
const MAX_UNKEPT_ENTRIES = 16;
// Objects at walk positions from here on are not cached (two entries per position).
const POSITIONS = 1024;

export class CanonicalEncoder {
  words = new Int32Array(256);
  len = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64words = new Int32Array(this.f64.buffer);
  private readonly kinds = new Map<object | null, Kind>();
  private readonly protos: (object | null)[] = [];
  private readonly protoKinds: Kind[] = [];
  // A stack of the 64-bit entry keys of the unordered collections being encoded (nested
  // ones above), as hi and lo halves.
  private keysHi = new Uint32Array(64);
  private keysLo = new Uint32Array(64);
  private top = 0;
  private readonly entryHash: Fingerprint = { hi: 0, lo: 0 };
  private readonly collectionKeys = new WeakMap<object, Fingerprint>();
  // The object key cache: entries 2p (newest) and 2p + 1 are for walk position p.
  private readonly cachedObjects: (object | undefined)[] = new Array<object | undefined>(2 * POSITIONS).fill(undefined);
  private readonly cachedHi = new Int32Array(2 * POSITIONS);
  private readonly cachedLo = new Int32Array(2 * POSITIONS);
  private position = 0;
  private readonly stringKeys = new Map<string, Fingerprint>();
  private readonly recentStrings: (string | undefined)[] = new Array<string | undefined>(RECENT_STRINGS).fill(undefined);
  private readonly recentHi = new Int32Array(RECENT_STRINGS);
  private readonly recentLo = new Int32Array(RECENT_STRINGS);
  // Callbacks for Immutable's forEach, made once (a closure per call would allocate).
  private readonly item = (x: unknown): void => this.value(x);
  private readonly entry = (val: unknown, key: unknown): void => {
    this.value(key);
    this.value(val);
  };
  private readonly hashedItem = (x: unknown): void => {
    const mark = this.len;
    this.value(x);
    this.pushKey(mark);
  };
  private readonly hashedEntry = (val: unknown, key: unknown): void => {
    const mark = this.len;
    this.value(key);
    this.value(val);
    this.pushKey(mark);
  };

  /** Encode `v` from scratch; the words are `this.words[0 .. this.len)`. */
  encode(v: unknown): void {
    this.len = 0;
    this.top = 0;
    this.position = 0;
    this.value(v);
  }

  private push(w: number): void {
    if (this.len === this.words.length) {
      const bigger = new Int32Array(this.words.length * 2);
      bigger.set(this.words);
      this.words = bigger;
    }
    this.words[this.len++] = w;
  }

  private value(v: unknown): void {
    switch (typeof v) {
      case 'object':
        if (v === null) this.push(T_NULL);
        else this.object(v);
        return;
      case 'number':
        // -0 is written as 0: Immutable.is (hence Set and Map membership) holds them equal.
        if ((v | 0) === v) {
          this.push(T_INT);
          this.push(v);
        } else {
          this.push(T_FLOAT);
          this.f64[0] = v;
          this.push(this.f64words[0]);
          this.push(this.f64words[1]);
        }
        return;
      case 'string': {
        this.push(T_STR);
        // A direct-mapped cache by length and end characters answers most strings with one
        // comparison, before the Map (whose lookup was 4% of TwoPhase's time).
        const n = v.length;
        const r = n === 0 ? 0 : (n + Math.imul(v.charCodeAt(0), 7) + Math.imul(v.charCodeAt(n - 1), 31)) & (RECENT_STRINGS - 1);
        if (this.recentStrings[r] === v) {
          this.pushKey64(this.recentHi[r], this.recentLo[r]);
          return;
        }
        let key = this.stringKeys.get(v);
        if (key === undefined) {
          const mark = this.len;
          for (let i = 0; i < n; i++) this.push(v.charCodeAt(i));
          key = this.keyOf(mark);
          if (this.stringKeys.size < MAX_CACHED_STRINGS) this.stringKeys.set(v, key);
        }
        this.recentStrings[r] = v;
        this.recentHi[r] = key.hi;
        this.recentLo[r] = key.lo;
        this.pushKey64(key.hi, key.lo);
        return;
      }
      case 'boolean':
        this.push(v ? T_TRUE : T_FALSE);
        return;
      case 'undefined':
        this.push(T_UNDEF);
        return;
      case 'bigint':
        this.value(`#bigint:${v.toString()}`);
        return;
      default:
        throw new TypeError(`a state may not contain a ${typeof v} (only data: numbers, strings, booleans, Immutable collections, arrays, plain objects)`);
    }
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

  /** Write an object as its key: from the cache, or by encoding it and hashing its words. */
  private object(v: object): void {
    // The root (position 0) is not cached: it is a new state nearly every time.
    const p = this.position++;
    const objects = this.cachedObjects;
    if (p > 0 && p < POSITIONS) {
      const e = 2 * p;
      if (objects[e] === v) return this.ref(this.cachedHi[e], this.cachedLo[e]);
      if (objects[e + 1] === v) return this.ref(this.cachedHi[e + 1], this.cachedLo[e + 1]);
    }
    const mark = this.len;
    this.contents(v);
    hashRange(this.words, mark, this.len, this.entryHash);
    this.len = mark;
    const hi = this.entryHash.hi | 0, lo = this.entryHash.lo | 0;
    if (p > 0 && p < POSITIONS) {
      const e = 2 * p;
      objects[e + 1] = objects[e];
      this.cachedHi[e + 1] = this.cachedHi[e];
      this.cachedLo[e + 1] = this.cachedLo[e];
      objects[e] = v;
      this.cachedHi[e] = hi;
      this.cachedLo[e] = lo;
    }
    this.ref(hi, lo);
  }

  private ref(hi: number, lo: number): void {
    this.push(T_REF);
    this.push(hi);
    this.push(lo);
  }

  /** Write an object's own words: its kind, then its parts (objects among them as keys). */
  private contents(v: object): void {
    const k = this.kindOf(v);
    switch (k.kind) {
      case K_RECORD:
        return this.record(v as unknown as RecordInternals, k.keys!, k.defaults!, k.names!);
      case K_LIST: {
        const list = v as ListInternals;
        this.push(T_LIST);
        this.push(list.size);
        const arr = smallListArray(list);
        if (arr) for (let i = 0; i < list.size; i++) this.value(arr[i]);
        else (v as Collection<unknown, unknown>).forEach(this.item);
        return;
      }
      case K_OSET:
        this.push(T_OSET);
        this.push((v as ListInternals).size);
        (v as Collection<unknown, unknown>).forEach(this.item);
        return;
      case K_OMAP:
        this.push(T_OMAP);
        this.push((v as ListInternals).size);
        (v as Collection<unknown, unknown>).forEach(this.entry);
        return;
      case K_SET:
        this.push(T_SET);
        this.push((v as ListInternals).size);
        return this.unordered(v as Collection<unknown, unknown>, this.hashedItem);
      case K_MAP:
        this.push(T_MAP);
        this.push((v as ListInternals).size);
        return this.unordered(v as Collection<unknown, unknown>, this.hashedEntry);
      case K_ARRAY: {
        const a = v as unknown[];
        this.push(T_LIST);
        this.push(a.length);
        for (let i = 0; i < a.length; i++) this.value(a[i]);
        return;
      }
      default:
        return this.plainObject(v as { [k: string]: unknown });
    }
  }

  private record(rec: RecordInternals, keys: readonly string[], defaults: { readonly [k: string]: unknown }, names: Fingerprint): void {
    this.push(T_RECORD);
    this.push(names.hi | 0);
    this.push(names.lo | 0);
    this.push(keys.length);
    const vals = rec._values;
    const arr = vals && smallListArray(vals);
    if (arr) {
      // Undefined in the backing list means the field has its default value.
      for (let i = 0; i < keys.length; i++) {
        const x = arr[i];
        this.value(x === undefined ? defaults[keys[i]] : x);
      }
    } else {
      for (let i = 0; i < keys.length; i++) this.value(rec.get(keys[i]));
    }
  }

  /**
   * Write an unordered collection as its entries' sorted keys, or a large one as the hash of
   * those, kept per collection object: re-sorting a small one costs less than a WeakMap
   * insertion (which also slows the GC; TwoPhase ran 1.12x faster in a third of the heap).
   */
  private unordered(c: Collection<unknown, unknown>, each: (v: unknown, k: unknown) => void): void {
    if ((c as unknown as ListInternals).size <= MAX_UNKEPT_ENTRIES) return this.sortedKeys(c, each);
    let key = this.collectionKeys.get(c);
    if (key === undefined) {
      const mark = this.len;
      this.sortedKeys(c, each);
      key = this.keyOf(mark);
      this.collectionKeys.set(c, key);
    }
    this.pushKey64(key.hi, key.lo);
  }

  /** Write the entries of an unordered collection as their sorted 64-bit keys. */
  private sortedKeys(c: Collection<unknown, unknown>, each: (v: unknown, k: unknown) => void): void {
    const base = this.top;
    c.forEach(each);
    const hi = this.keysHi, lo = this.keysLo;
    const end = this.top;
    // Insertion sort by (hi, lo): the sets in states are small.
    for (let i = base + 1; i < end; i++) {
      const xh = hi[i], xl = lo[i];
      let j = i - 1;
      while (j >= base && (hi[j] > xh || (hi[j] === xh && lo[j] > xl))) {
        hi[j + 1] = hi[j];
        lo[j + 1] = lo[j];
        j--;
      }
      hi[j + 1] = xh;
      lo[j + 1] = xl;
    }
    for (let i = base; i < end; i++) this.pushKey64(hi[i], lo[i]);
    this.top = base;
  }

  private pushKey64(hi: number, lo: number): void {
    this.push(hi | 0);
    this.push(lo | 0);
  }

  /** Take back the words written since `mark`, returning their 64-bit hash (a new object: it is cached). */
  private keyOf(mark: number): Fingerprint {
    hashRange(this.words, mark, this.len, this.entryHash);
    this.len = mark;
    return { hi: this.entryHash.hi, lo: this.entryHash.lo };
  }

  /** Replace the words written since `mark` by their 64-bit hash on the key stack. */
  private pushKey(mark: number): void {
    hashRange(this.words, mark, this.len, this.entryHash);
    this.len = mark;
    if (this.top === this.keysHi.length) {
      const biggerHi = new Uint32Array(this.keysHi.length * 2);
      const biggerLo = new Uint32Array(this.keysLo.length * 2);
      biggerHi.set(this.keysHi);
      biggerLo.set(this.keysLo);
      this.keysHi = biggerHi;
      this.keysLo = biggerLo;
    }
    this.keysHi[this.top] = this.entryHash.hi;
    this.keysLo[this.top] = this.entryHash.lo;
    this.top++;
  }

  private plainObject(o: { [k: string]: unknown }): void {
    const keys = Object.keys(o).sort();
    this.push(T_OBJECT);
    this.push(keys.length);
    for (const k of keys) {
      this.value(k);
      this.value(o[k]);
    }
  }
}

function classify(v: object): Kind {
  if (Array.isArray(v)) return { kind: K_ARRAY };
  if (!isImmutable(v)) return { kind: K_OBJECT };
  if (isRecord(v)) {
    const r = v as unknown as { _keys?: string[]; _defaultValues?: { [k: string]: unknown }; toSeq(): Collection.Keyed<string, unknown> };
    const keys = r._keys ?? [...r.toSeq().keys()];
    // Without the defaults table the fast path cannot be used; record() then reads via get().
    return { kind: K_RECORD, keys, defaults: r._defaultValues ?? {}, names: namesHash(keys) };
  }
  if (isIndexed(v)) return { kind: K_LIST };
  const ordered = isOrdered(v);
  if (isKeyed(v)) return { kind: ordered ? K_OMAP : K_MAP };
  return { kind: ordered ? K_OSET : K_SET };
}

function namesHash(keys: readonly string[]): Fingerprint {
  const w: number[] = [];
  for (const k of keys) {
    w.push(k.length);
    for (let i = 0; i < k.length; i++) w.push(k.charCodeAt(i));
  }
  const out = { hi: 0, lo: 0 };
  hashRange(Int32Array.from(w), 0, w.length, out);
  return out;
}

/** The backing array of an Immutable List of at most 32 elements starting at 0, else null. */
export function smallListArray(list: ListInternals): unknown[] | null {
  if (list._origin === 0 && list._capacity !== undefined && list._capacity <= 32) {
    // An empty List has no tail.
    return list._tail ? list._tail.array : list.size === 0 ? EMPTY : null;
  }
  return null;
}
const EMPTY: unknown[] = [];

// 64-bit hash of a word sequence: two 32-bit multiply-rotate lanes that feed into each
// other at every word and are finalised with murmur3's avalanche, so the halves are not
// independent copies of one 32-bit hash.
const P1 = 0x9e3779b1 | 0, P2 = 0x85ebca77 | 0, P3 = 0xc2b2ae3d | 0, P4 = 0x27d4eb2f | 0;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h;
}

/** Hash `words[from .. to)` into `out` (hi, lo). */
function hashRange(words: Int32Array, from: number, to: number, out: Fingerprint): void {
  const len = to - from;
  let a = 0x2545f491 ^ len, b = 0x6c8e9cf5 ^ Math.imul(len, P4);
  for (let i = from; i < to; i++) {
    const w = words[i];
    a = Math.imul((a ^ w) + b, P1);
    a = (a << 13) | (a >>> 19);
    b = Math.imul((b + w) ^ a, P3);
    b = (b << 17) | (b >>> 15);
  }
  a = fmix(a + Math.imul(b, P4));
  b = fmix(b ^ Math.imul(a, P2));
  out.hi = a >>> 0;
  out.lo = b >>> 0;
}

/** Hash `words[0 .. len)` into `out` (hi, lo). */
export function hashWords(words: Int32Array, len: number, out: Fingerprint): void {
  hashRange(words, 0, len, out);
}

/** Fingerprints values; one instance per thread, reusing its buffers. */
export class Fingerprinter {
  readonly encoder = new CanonicalEncoder();
  readonly fp: Fingerprint = { hi: 0, lo: 0 };

  /** Fingerprint `v` into `this.fp` (overwritten on the next call). */
  of(v: unknown): Fingerprint {
    const e = this.encoder;
    e.encode(v);
    if (e.len === 3 && e.words[0] === T_REF) {
      // An object: its key is already a hash of its words.
      this.fp.hi = e.words[1] >>> 0;
      this.fp.lo = e.words[2] >>> 0;
    } else hashWords(e.words, e.len, this.fp);
    return this.fp;
  }

  /** The fingerprint as a 16-digit hex string (for tests and diagnostics). */
  hex(v: unknown): string {
    const { hi, lo } = this.of(v);
    return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
  }
}
