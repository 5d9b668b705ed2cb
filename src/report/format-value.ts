// Values shown the way TLA+ users read them: records `[a |-> 1]`, sequences `<<1, 2>>`,
// sets `{1, 2}`, functions `(k :> v @@ ...)`, TRUE/FALSE and quoted strings. Unordered
// collections are sorted by their text so that equal states print identically.

import { isImmutable, isKeyed, isOrdered, isRecord, isSet } from 'immutable';

export function formatValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (isRecord(v)) return formatRecord(Object.entries(v.toObject()));
  if (isImmutable(v)) {
    if (isSet(v)) return formatSet([...(v as Iterable<unknown>)]);
    if (isKeyed(v)) return formatFunction([...(v as unknown as Iterable<[unknown, unknown]>)], isOrdered(v));
    return formatSequence([...(v as Iterable<unknown>)]);
  }
  if (Array.isArray(v)) return formatSequence(v);
  if (v instanceof Set) return formatSet([...v]);
  if (v instanceof Map) return formatFunction([...v], false);
  if (typeof v === 'object') return formatRecord(Object.entries(v as object));
  return String(v);
}

const formatRecord = (entries: [string, unknown][]) =>
  entries.length === 0 ? '[]' : `[${entries.map(([k, x]) => `${k} |-> ${formatValue(x)}`).join(', ')}]`;

const formatSequence = (items: unknown[]) => `<<${items.map(formatValue).join(', ')}>>`;

const formatSet = (items: unknown[]) => `{${items.map(formatValue).sort().join(', ')}}`;

function formatFunction(entries: [unknown, unknown][], ordered: boolean): string {
  if (entries.length === 0) return '<<>>';
  const parts = entries.map(([k, x]) => `${formatValue(k)} :> ${formatValue(x)}`);
  return `(${(ordered ? parts : parts.sort()).join(' @@ ')})`;
}

/** A state's variables for display: a record's or object's fields, else one variable `state`. */
export function stateVariables(state: unknown): [string, unknown][] {
  if (isRecord(state)) return Object.entries(state.toObject());
  if (isImmutable(state) && isKeyed(state) && !isSet(state)) {
    const entries = [...(state as unknown as Iterable<[unknown, unknown]>)];
    if (entries.every(([k]) => typeof k === 'string')) return entries as [string, unknown][];
  }
  if (state !== null && typeof state === 'object' && !isImmutable(state) && !Array.isArray(state) && !(state instanceof Set) && !(state instanceof Map)) {
    return Object.entries(state);
  }
  return [['state', state]];
}
