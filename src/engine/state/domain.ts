// What a state may hold, the one definition the fingerprint and the error messages share. A
// state is data the fingerprint can read to the end and that nothing can change once the
// search holds it: Immutable.js collections and records; strings, finite numbers, booleans,
// null, undefined and bigints; plain objects (prototype Object.prototype or null) and arrays,
// which the fingerprint freezes when it first reads them. Anything else would fingerprint
// wrongly or not at all: native Maps, Sets and Dates have no own enumerable data (they would
// all look alike and merge states), functions and symbols have no value, class instances
// hide invariants the search cannot see, and a circular value never ends.

import { isImmutable } from 'immutable';

/** A value the fingerprint cannot judge; `found` says what it is, e.g. "a native Map". */
export class StateDomainError extends Error {
  constructor(readonly found: string) {
    super(`a state may not hold ${found}`);
  }
}

/** Values nested deeper than this are refused: a circular plain object would never end. */
export const MAX_NESTING = 1000;

/** Whether an object (not Immutable) is allowed in a state: a plain object or an array. */
export function isPlainData(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as object | null;
  return Array.isArray(v) ? proto === Array.prototype : proto === Object.prototype || proto === null;
}

/** What a value outside the state domain is, for a message ("a native Map (use Immutable.Map)"). */
export function describeForeign(v: unknown): string {
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a symbol';
  if (typeof v === 'number') return `the number ${String(v)} (only finite numbers)`;
  if (v instanceof Map) return 'a native Map (use Immutable.Map)';
  if (v instanceof Set) return 'a native Set (use Immutable.Set)';
  if (v instanceof Date) return 'a Date (store its getTime() number)';
  if (v instanceof Promise) return 'a Promise (actions must be synchronous)';
  const proto = typeof v === 'object' && v !== null ? (Object.getPrototypeOf(v) as { constructor?: { name?: string } } | null) : null;
  const name = proto?.constructor?.name;
  return name ? `an instance of ${name} (only Immutable values, plain objects and arrays)` : 'an object that is not plain data';
}

/**
 * Where `v` leaves the state domain: the path from the state's root (`state.pages[2]`) and
 * what was found there; null if it is all data. Slow and exact, for error messages: the
 * fingerprint only knows that something was wrong.
 */
export function findDomainFault(v: unknown, path = 'state', ancestors = new Set<object>()): { path: string; found: string } | null {
  if (typeof v === 'function' || typeof v === 'symbol') return { path, found: describeForeign(v) };
  if (typeof v === 'number') return Number.isFinite(v) ? null : { path, found: describeForeign(v) };
  if (typeof v !== 'object' || v === null) return null;
  if (ancestors.has(v)) return { path, found: 'a circular reference (a value that contains itself)' };
  if (ancestors.size >= MAX_NESTING) return { path, found: `a value nested more than ${MAX_NESTING} levels deep` };
  if (!isImmutable(v) && !isPlainData(v)) return { path, found: describeForeign(v) };
  ancestors.add(v);
  try {
    for (const [key, item, keyIsValue] of partsOf(v)) {
      const at = keyIsValue ? `${path}.keyOf(${show(key)})` : typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${show(key)}]`;
      const fault = findDomainFault(keyIsValue ? key : item, at, ancestors);
      if (fault) return fault;
    }
    return null;
  } finally {
    ancestors.delete(v);
  }
}

// The parts of an object: [key, value, false] per entry, and for an Immutable Map whose keys are
// values in their own right, [key, undefined, true] too.
function* partsOf(v: object): Generator<[unknown, unknown, boolean]> {
  if (!isImmutable(v)) {
    for (const k of Object.keys(v)) yield [Array.isArray(v) ? Number(k) : k, (v as { [k: string]: unknown })[k], false];
    return;
  }
  const c = v as unknown as { entries(): Iterable<[unknown, unknown]>; toSeq(): { entries(): Iterable<[unknown, unknown]> } };
  for (const [k, x] of c.toSeq().entries()) {
    if (typeof k === 'object' && k !== null) yield [k, undefined, true];
    yield [k, x, false];
  }
}

function show(k: unknown): string {
  return typeof k === 'string' ? JSON.stringify(k) : typeof k === 'number' ? String(k) : typeof k;
}
