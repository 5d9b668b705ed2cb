// The breadth-first frontier: states waiting to be expanded, first in first out. It is the
// search's largest memory cost (a level of TwoPhase with 8 RMs holds ~300k states), so states
// are not kept as Immutable objects. A state that is a Record is stored as one small integer
// per field: the id of the field's value in a per-field table of the distinct values seen so
// far. States of a product-shaped space share few distinct field values (TwoPhase: 65,536 RM
// vectors, 3 TM states, 256 prepared sets, 1,024 message sets for 1.7M states), so a queued
// state costs a few bytes instead of ~900, and the successors the search discards die young
// instead of being promoted by the garbage collector.
//
// A field value is identified by the same 64-bit fingerprint as whole states (a collision
// is as unlikely as one in the seen set). A state that is not a Record, or a Record of a
// different type, or one this encoding would not reproduce exactly, is queued as is.

import { List } from 'immutable';
import { Fingerprinter } from './fingerprint.ts';
import { makeRecord, recordProto, recordSlots, smallList, type RecordProto } from './immutable-internals.ts';
import { StateTable } from './table.ts';

const CHUNK = 1 << 14;
/** The entry of a state queued as is (its object sits in `objects`). */
const AS_IS = -2;

/** A first-in first-out queue of objects that lets go of the ones taken out. */
class ObjectQueue<T> {
  private items: T[] = [];
  private head = 0;

  push(x: T): void {
    this.items.push(x);
  }

  shift(): T {
    const x = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head >= 4096 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }
}

/**
 * A first-in first-out queue of 32-bit integers, in chunks. A chunk read to its end is reused
 * for the next one written: dropped, it would wait for a full GC to be freed, which with a
 * small heap comes late (TwoPhase 8 held ~20 MB of such chunks at its end).
 */
class IntQueue {
  private chunks: Int32Array[] = [];
  private spare: Int32Array | null = null;
  private head = 0;
  private tail = CHUNK;

  push(x: number): void {
    if (this.tail === CHUNK) {
      this.chunks.push(this.spare ?? new Int32Array(CHUNK));
      this.spare = null;
      this.tail = 0;
    }
    this.chunks[this.chunks.length - 1][this.tail++] = x;
  }

  shift(): number {
    const x = this.chunks[0][this.head++];
    if (this.head === CHUNK) {
      this.spare = this.chunks.shift()!;
      this.head = 0;
    }
    return x;
  }
}

// Words that stand for a field's value queued elsewhere than in the value table (see FieldValues).
const DIRECT = -1;
const LIST = -3;
// Per window of this many lookups, a field whose values were mostly new is no longer interned.
const TRIAL = 4096;

/**
 * The values of one field: interned (value → dense id) while that pays, i.e. while most
 * values repeat. A field whose values are mostly distinct is queued otherwise after a trial:
 * a small List (say, one record per process) as its length and its elements' ids (the
 * elements do repeat), anything else as is.
 */
class FieldValues {
  readonly values: unknown[] = [];
  private readonly primitives = new Map<unknown, number>();
  private byFingerprint = new StateTable(1024);
  // The value id of each object in `byFingerprint` (its indices count objects only).
  private readonly objectIds: number[] = [];
  // The value last interned, and its id: a successor usually keeps its parent's fields.
  private last: unknown = undefined;
  private lastId = -1;
  private lookups = 0;
  // The number of values at the start of the current window.
  private windowValues = 0;
  // Ids queued and not yet taken out: once none is left, a field no longer interned lets go of its table.
  private pending = 0;
  private mode: 'intern' | 'direct' | 'list' = 'intern';
  private readonly direct = new ObjectQueue<unknown>();
  // List mode: lengths and element ids, and the elements' own values.
  private readonly words = new IntQueue();
  private elements: FieldValues | null = null;
  // The interned objects by identity: a dequeued state is rebuilt from them, so its
  // successors hold them wherever they keep their parent's values. Only these are kept (a
  // fresh object is looked up once, when the state holding it is queued), so the map holds no
  // more than `values` does and needs no WeakMap (whose entries cost the GC on every scavenge).
  private readonly byIdentity = new Map<object, number>();

  constructor(private readonly fp: Fingerprinter) {}

  /** The word to queue for `v`: its id, or DIRECT / LIST with `v` queued here. */
  id(v: unknown): number {
    if (v === this.last && this.lastId >= 0) {
      this.pending++;
      return this.lastId;
    }
    if (this.mode !== 'intern') return this.queue(v);
    let id: number;
    if (typeof v === 'object' && v !== null) {
      const known = this.byIdentity.get(v);
      if (known !== undefined) id = known;
      else {
        const f = this.fp.of(v);
        const r = this.byFingerprint.insert(f.hi, f.lo, -1, 0);
        if (r >= 0) {
          id = this.values.length;
          this.values.push(v);
          this.objectIds.push(id);
          this.byIdentity.set(v, id);
        } else id = this.objectIds[-r - 1];
      }
    } else {
      const known = this.primitives.get(v);
      if (known !== undefined) id = known;
      else {
        id = this.values.length;
        this.values.push(v);
        this.primitives.set(v, id);
      }
    }
    // Judged on every window, not only the first: a field's values can repeat early in a
    // search and not later (Lamport's mutex: the network's, a third as many as there are
    // states, were all kept for the whole search, 500 MB for 724k states).
    if (++this.lookups === TRIAL) {
      if ((this.values.length - this.windowValues) * 2 > TRIAL) this.mode = smallList(v) ? 'list' : 'direct';
      this.lookups = 0;
      this.windowValues = this.values.length;
    }
    this.last = v;
    this.lastId = id;
    this.pending++;
    return id;
  }

  /** Let go of the interned values (none is queued any longer, and none will be). */
  private release(): void {
    this.values.length = 0;
    this.primitives.clear();
    this.byIdentity.clear();
    this.byFingerprint = new StateTable(1024);
    this.objectIds.length = 0;
    this.last = undefined;
    this.lastId = -1;
  }

  private queue(v: unknown): number {
    const items = this.mode === 'list' ? smallList(v) : null;
    if (items === null) {
      this.direct.push(v);
      return DIRECT;
    }
    const n = (v as { size: number }).size;
    this.elements ??= new FieldValues(this.fp);
    this.words.push(n);
    for (let i = 0; i < n; i++) this.words.push(this.elements.id(items[i]));
    return LIST;
  }

  /** The value a queued word stands for (DIRECT and LIST ones in queue order). */
  value(word: number): unknown {
    if (word >= 0) {
      const v = this.values[word];
      if (--this.pending === 0 && this.mode !== 'intern') this.release();
      return v;
    }
    if (word === DIRECT) return this.direct.shift();
    const n = this.words.shift();
    const items = new Array<unknown>(n);
    for (let i = 0; i < n; i++) items[i] = this.elements!.value(this.words.shift());
    return List(items);
  }
}

export class Frontier<S> {
  private proto: RecordProto | null = null;
  private width = 0;
  private fields: FieldValues[] = [];
  // Entries: AS_IS (the state is in `objects`), or one word per field (see FieldValues).
  private readonly words = new IntQueue();
  private readonly objects = new ObjectQueue<S>();
  private size = 0;
  private readonly raw: unknown[] = [];

  // Its own fingerprinter: interning field values must not evict the search's cached keys.
  private readonly fp = new Fingerprinter();

  get length(): number {
    return this.size;
  }

  push(s: S): void {
    if (this.width === 0) this.start(s);
    const vals = this.proto !== null ? this.fieldsOf(s) : null;
    if (vals === null) {
      this.words.push(AS_IS);
      this.objects.push(s);
    } else {
      for (let i = 0; i < this.width; i++) this.words.push(this.fields[i].id(vals[i]));
    }
    this.size++;
  }

  shift(): S {
    if (this.size === 0) throw new Error('frontier: shift from an empty queue');
    this.size--;
    const first = this.words.shift();
    if (first === AS_IS) return this.objects.shift();
    const raw = this.raw;
    raw[0] = this.fields[0].value(first);
    for (let i = 1; i < this.width; i++) raw[i] = this.fields[i].value(this.words.shift());
    return this.build(raw);
  }

  /** Decide the layout from the first state: compact if it is a Record that round-trips. */
  private start(s: S): void {
    const proto = recordProto(s);
    if (proto !== null) {
      this.proto = proto;
      this.width = proto._keys.length;
      this.fields = proto._keys.map(() => new FieldValues(this.fp));
      const vals = this.fieldsOf(s);
      // Rebuilt from its raw field slots, the state must fingerprint as the original does.
      const back = vals && this.build([...vals]);
      const same = (a: unknown, b: unknown) => {
        const x = this.fp.of(a);
        const hi = x.hi, lo = x.lo;
        const y = this.fp.of(b);
        return hi === y.hi && lo === y.lo;
      };
      if (back !== null && same(back, s) && recordProto(back) === proto) return;
    }
    this.proto = null;
    this.width = 1; // started: every state is queued as is
    this.fields = [];
  }

  /** The raw field slots of `s` if it is a Record of the frontier's type, else null. */
  private fieldsOf(s: S): readonly unknown[] | null {
    return Object.getPrototypeOf(s) === this.proto ? recordSlots(s as object, this.width) : null;
  }

  private build(raw: readonly unknown[]): S {
    return makeRecord(this.proto!, raw) as S;
  }
}
