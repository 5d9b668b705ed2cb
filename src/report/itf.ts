// ITF (the Informal Trace Format of Quint and Apalache): traces as JSON that other tools
// replay and diff. Immutable values map to ITF's tagged encodings, so a trace survives the
// round trip without guessing whether an array was a list, a set or a tuple.

import { isImmutable, isKeyed, isOrdered, isRecord, isSet } from 'immutable';
import { formatStep } from '../api/model.ts';
import type { Trace } from '../engine/trace.ts';

export interface ItfState {
  readonly '#meta': { readonly index: number; readonly label?: string };
  readonly [variable: string]: unknown;
}

export interface ItfTrace {
  readonly '#meta': { readonly format: 'ITF'; readonly [key: string]: unknown };
  readonly vars: string[];
  readonly states: ItfState[];
  readonly loop?: number;
}

/** A value in ITF's encoding: JSON scalars, arrays for lists, objects for records, tagged sets and maps. */
export function itfValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : Number.isInteger(v) ? { '#bigint': BigInt(v).toString() } : v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : { '#bigint': v.toString() };
  if (isRecord(v)) return objectValue(Object.entries(v.toObject()));
  if (isImmutable(v)) {
    if (isSet(v)) return { '#set': sortCanonically([...(v as Iterable<unknown>)].map(itfValue)) };
    if (isKeyed(v)) {
      const entries = [...(v as unknown as Iterable<[unknown, unknown]>)].map(([k, x]) => [itfValue(k), itfValue(x)]);
      return { '#map': isOrdered(v) ? entries : sortCanonically(entries) };
    }
    // Lists, Stacks and Seqs: in order.
    return [...(v as Iterable<unknown>)].map(itfValue);
  }
  if (Array.isArray(v)) return v.map(itfValue);
  if (v instanceof Set) return { '#set': sortCanonically([...v].map(itfValue)) };
  if (v instanceof Map) return { '#map': sortCanonically([...v].map(([k, x]) => [itfValue(k), itfValue(x)])) };
  if (typeof v === 'object') return objectValue(Object.entries(v as object));
  return String(v);
}

function objectValue(entries: [string, unknown][]): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const [k, x] of entries) out[k] = itfValue(x);
  return out;
}

// Unordered collections are written in a canonical order, so equal states give equal files.
function sortCanonically<T>(items: T[]): T[] {
  const keyed = items.map((x) => [JSON.stringify(x), x] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map(([, x]) => x);
}

/** A state as ITF variables: a record's fields, or a single variable `state` for anything else. */
export function itfVariables(state: unknown): { [variable: string]: unknown } {
  const v = itfValue(state);
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).some((k) => k.startsWith('#'))) return v as { [k: string]: unknown };
  return { state: v };
}

/** A trace in ITF; each state's `#meta` also carries the label of the step that reached it. */
export function traceToItf<S>(trace: Trace<S>, meta: object = {}): ItfTrace {
  const states: ItfState[] = trace.states.map((t, index) => ({
    '#meta': { index, label: t.step ? formatStep(t.step) : t.label },
    ...itfVariables(t.state),
  }));
  const vars = [...new Set(states.flatMap((s) => Object.keys(s).filter((k) => k !== '#meta')))];
  const out: ItfTrace = { '#meta': { format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html', ...meta }, vars, states };
  // A stuttering lasso loops on its last state.
  const loop = trace.loop ?? (trace.stuttering ? states.length - 1 : undefined);
  return loop !== undefined ? { ...out, loop } : out;
}
