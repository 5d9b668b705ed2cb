// What the engine knows of Immutable 5's internals, in one place. The fingerprint reads Lists,
// Records, Maps and Sets from their backing arrays and hash tries (no callbacks, no iterators);
// the frontier stores a Record as its field slots and rebuilds it from them. Each reader checks
// the shape it expects and answers null (or undefined) when it is not that shape: the caller
// then uses Immutable's public API, so a future Immutable changes the speed, never the result.
// test/immutable-internals.test.ts checks these readers against the public API.

import { List } from 'immutable';

/** A List: its size and, for one of at most 32 items starting at 0, its items in `_tail`. */
export interface ListInternals {
  readonly size: number;
  readonly _origin?: number;
  readonly _capacity?: number;
  /** The trie above the tail: absent for a List of at most 32 items. */
  readonly _root?: unknown;
  readonly _tail?: { readonly array: unknown[] };
}

const EMPTY: unknown[] = [];

/** The backing array of a List of at most 32 items starting at 0, else null. */
export function smallListArray(list: ListInternals): unknown[] | null {
  if (list._origin === 0 && list._capacity !== undefined && list._capacity <= 32) {
    // An empty List has no tail.
    return list._tail ? list._tail.array : list.size === 0 ? EMPTY : null;
  }
  return null;
}

/** The items of `v` if it is a List of at most 32 items (its backing array), else null. */
export function smallList(v: unknown): unknown[] | null {
  return List.isList(v) ? smallListArray(v as unknown as ListInternals) : null;
}

/**
 * A Record type's layout, on its prototype: the field names in declaration order and the
 * defaults by name. An instance holds its values in `_values`, a List of one slot per field
 * where `undefined` stands for the field's default.
 */
export interface RecordProto {
  readonly _keys: readonly string[];
  readonly _defaultValues?: { readonly [k: string]: unknown };
}
interface RecordInternals {
  __ownerID: undefined;
  _values: ListInternals;
}

/** The field names of a Record (in declaration order) and its defaults in that order, if known. */
export function recordLayout(r: object): { keys: readonly string[] | undefined; defaults: readonly unknown[] | undefined } {
  const { _keys: keys, _defaultValues: table } = r as Partial<RecordProto>;
  return { keys, defaults: keys && table && keys.map((k) => table[k]) };
}

/** The prototype of a Record of 1 to 32 fields whose values are a List from 0, else null. */
export function recordProto(s: unknown): RecordProto | null {
  if (typeof s !== 'object' || s === null) return null;
  const proto = Object.getPrototypeOf(s) as Partial<RecordProto> | null;
  const keys = proto?._keys;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 32) return null;
  const v = (s as Partial<RecordInternals>)._values;
  if (v === undefined || v._origin !== 0) return null;
  return proto as RecordProto;
}

// Slots of a Record whose fields all have their defaults (its `_values` has no tail yet), by width.
const ALL_DEFAULTS: unknown[][] = [];

/**
 * The field slots of a Record of `width` fields (at most 32): one per field in declaration
 * order, `undefined` for a field at its default. Null if its values are not laid out so.
 */
export function recordSlots(r: object, width: number): readonly unknown[] | null {
  const v = (r as Partial<RecordInternals>)._values;
  if (v === undefined || v._origin !== 0 || v.size !== width || v._root !== undefined) return null;
  return v._tail === undefined ? (ALL_DEFAULTS[width] ??= new Array<unknown>(width).fill(undefined)) : v._tail.array;
}

/** A Record of type `proto` with these field slots (as `recordSlots` reads them). */
export function makeRecord(proto: RecordProto, slots: readonly unknown[]): object {
  const r = Object.create(proto) as RecordInternals;
  // The same own properties, in the same order, as Immutable's Record constructor.
  r.__ownerID = undefined;
  r._values = List(slots) as unknown as ListInternals;
  return r;
}

/**
 * A node of a Map's hash trie: an array or collision node (`entries`), a bitmap or array node
 * (`nodes`, some undefined), or a value node (one `entry`). A Set's trie is its Map's, each
 * member as key and value.
 */
export interface TrieNode {
  readonly entries?: readonly (readonly [unknown, unknown])[];
  readonly nodes?: readonly (TrieNode | undefined)[];
  readonly entry?: readonly [unknown, unknown];
}
interface MapInternals {
  readonly _root?: TrieNode;
  readonly _map?: MapInternals;
}

/**
 * The trie of a Map or Set (undefined: empty, or not laid out as expected). A caller that
 * walks it must check that it found `size` entries, and else read the collection by forEach.
 */
export function trieOf(c: object, isSet: boolean): TrieNode | undefined {
  const map = isSet ? (c as MapInternals)._map : (c as MapInternals);
  return map?._root;
}
