// Where a state is fingerprinted. A state is first written as a canonical sequence of 32-bit
// words (equal values give equal words, whatever the insertion order of maps and sets), then
// hashed to 64 bits. Immutable's own hashCode() is not used: it is 32-bit and collides
// massively on small records.

import { isImmutable, isRecord, isOrdered, isIndexed, isKeyed, type Collection } from 'immutable';

// Type tags keep values of different kinds apart (1 vs "1" vs true vs [1]).
const T_UNDEF = 1, T_NULL = 2, T_FALSE = 3, T_TRUE = 4, T_INT = 5, T_FLOAT = 6, T_STR = 7;
const T_LIST = 8, T_SET = 9, T_MAP = 10, T_RECORD = 11, T_OBJECT = 12, T_OMAP = 13, T_OSET = 14;

/** A fingerprint: two 32-bit halves (numbers keep them unboxed and allocation-free). */
export interface Fingerprint {
  hi: number;
  lo: number;
}

export class CanonicalEncoder {
  words = new Int32Array(256);
  len = 0;
  private readonly f64 = new Float64Array(1);
  private readonly f64words = new Int32Array(this.f64.buffer);
  private readonly recordKeys = new WeakMap<object, string[]>();

  /** Encode `v` from scratch; the words are `this.words[0 .. this.len)`. */
  encode(v: unknown): void {
    this.len = 0;
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
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) {
          this.push(T_INT);
          this.push(v);
        } else {
          this.push(T_FLOAT);
          this.f64[0] = v;
          this.push(this.f64words[0]);
          this.push(this.f64words[1]);
        }
        return;
      case 'boolean':
        this.push(v ? T_TRUE : T_FALSE);
        return;
      case 'string':
        this.push(T_STR);
        this.push(v.length);
        for (let i = 0; i < v.length; i++) this.push(v.charCodeAt(i));
        return;
      case 'undefined':
        this.push(T_UNDEF);
        return;
      case 'bigint':
        this.value(`#bigint:${v.toString()}`);
        return;
      case 'object':
        if (v === null) {
          this.push(T_NULL);
          return;
        }
        if (isImmutable(v)) return this.immutable(v as Collection<unknown, unknown>);
        if (Array.isArray(v)) {
          this.push(T_LIST);
          this.push(v.length);
          for (const x of v) this.value(x);
          return;
        }
        this.plainObject(v as { [k: string]: unknown });
        return;
      default:
        throw new TypeError(`a state may not contain a ${typeof v} (only data: numbers, strings, booleans, Immutable collections, arrays, plain objects)`);
    }
  }

  private immutable(v: Collection<unknown, unknown>): void {
    if (isRecord(v)) {
      const rec = v as unknown as { get(k: string): unknown; toSeq(): Collection.Keyed<string, unknown> };
      const proto = Object.getPrototypeOf(rec);
      let keys = this.recordKeys.get(proto);
      if (!keys) {
        keys = [...rec.toSeq().keys()];
        this.recordKeys.set(proto, keys);
      }
      this.push(T_RECORD);
      this.push(keys.length);
      for (const k of keys) this.value(rec.get(k));
      return;
    }
    if (isIndexed(v)) {
      this.push(T_LIST);
      this.push((v as unknown as { size: number }).size);
      for (const x of v as Iterable<unknown>) this.value(x);
      return;
    }
    const ordered = isOrdered(v);
    if (isKeyed(v)) {
      this.push(ordered ? T_OMAP : T_MAP);
      this.push((v as unknown as { size: number }).size);
      const start = this.len;
      const bounds: number[] = [];
      (v as Collection.Keyed<unknown, unknown>).forEach((val, key) => {
        bounds.push(this.len);
        this.value(key);
        this.value(val);
      });
      if (!ordered) this.sortEntries(start, bounds);
      return;
    }
    // a Set
    this.push(ordered ? T_OSET : T_SET);
    this.push((v as unknown as { size: number }).size);
    const start = this.len;
    const bounds: number[] = [];
    for (const x of v as Iterable<unknown>) {
      bounds.push(this.len);
      this.value(x);
    }
    if (!ordered) this.sortEntries(start, bounds);
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

  /** Reorder the entries written at `bounds` (ending at `this.len`) into word order. */
  private sortEntries(start: number, bounds: number[]): void {
    if (bounds.length < 2) return;
    const end = this.len;
    const slices: Int32Array[] = bounds.map((b, i) => this.words.slice(b, i + 1 < bounds.length ? bounds[i + 1] : end));
    slices.sort(compareWords);
    let at = start;
    for (const s of slices) {
      this.words.set(s, at);
      at += s.length;
    }
  }
}

function compareWords(a: Int32Array, b: Int32Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

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

/** Hash `words[0 .. len)` into `out` (hi, lo). */
export function hashWords(words: Int32Array, len: number, out: Fingerprint): void {
  let a = 0x2545f491 ^ len, b = 0x6c8e9cf5 ^ Math.imul(len, P4);
  for (let i = 0; i < len; i++) {
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

/** Fingerprints values; one instance per thread, reusing its buffers. */
export class Fingerprinter {
  readonly encoder = new CanonicalEncoder();
  readonly fp: Fingerprint = { hi: 0, lo: 0 };

  /** Fingerprint `v` into `this.fp` (overwritten on the next call). */
  of(v: unknown): Fingerprint {
    this.encoder.encode(v);
    hashWords(this.encoder.words, this.encoder.len, this.fp);
    return this.fp;
  }

  /** The fingerprint as a 16-digit hex string (for tests and diagnostics). */
  hex(v: unknown): string {
    const { hi, lo } = this.of(v);
    return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
  }
}
