// ITF (the Informal Trace Format of Quint and Apalache, ADR-015): traces as JSON that other
// tools replay and diff. Immutable values map to ITF's tagged encodings, so a trace survives the
// round trip without guessing whether an array was a list, a set or a tuple. ITF has no null
// and no fractional numbers, and Quint reads integers as {"#bigint": "…"}; a state holding a
// value ITF cannot carry is refused with its path rather than written as something else.
// `--json` uses the same encoding, relaxed to what JSON itself has (null, numbers).

import { isImmutable, isKeyed, isOrdered, isRecord, isSet } from 'immutable';
import { formatStep } from '../api/model.ts';
import { EXIT, UserError } from '../errors.ts';
import type { Trace } from '../engine/search/trace.ts';
import { formatValue } from './format-value.ts';

export interface ItfState {
  readonly '#meta': { readonly index: number; readonly label?: string };
  readonly [variable: string]: unknown;
}

export interface ItfTrace {
  /** With a lasso, `loopLabel` (the step from the last state back to `states[loop]`) or `stuttering: true`. */
  readonly '#meta': { readonly format: 'ITF'; readonly loopLabel?: string; readonly stuttering?: true; readonly [key: string]: unknown };
  readonly vars: string[];
  readonly states: ItfState[];
  readonly loop?: number;
}

// Raised where a value has no ITF encoding; each enclosing collection prepends its step of the path.
class NotItf {
  constructor(
    readonly found: string,
    public path = '',
  ) {}
}

function within<T>(step: string, encode: () => T): T {
  try {
    return encode();
  } catch (e) {
    if (e instanceof NotItf) e.path = step + e.path;
    throw e;
  }
}

const short = (v: unknown) => {
  const s = formatValue(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
};
const keyStep = (k: unknown) => (typeof k === 'string' && /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${short(k)}]`);

/**
 * A value in ITF's encoding, as `--json` writes states: JSON scalars (null, and numbers where
 * they are safe), arrays for lists, objects for records, tagged sets and maps, `#bigint` for
 * integers beyond 2^53.
 */
export function itfValue(v: unknown): unknown {
  return encode(v, false);
}

function encode(v: unknown, strict: boolean): unknown {
  if (v === null || v === undefined) {
    if (strict) throw new NotItf(String(v));
    return null;
  }
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) {
      if (strict) throw new NotItf(`the number ${v}`);
      return v;
    }
    return Number.isSafeInteger(v) && !strict ? v : { '#bigint': BigInt(v).toString() };
  }
  if (typeof v === 'bigint') return !strict && Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : { '#bigint': v.toString() };
  if (isRecord(v)) return objectValue(Object.entries(v.toObject()), strict);
  if (isImmutable(v)) {
    if (isSet(v)) return { '#set': setItems([...(v as Iterable<unknown>)], strict) };
    if (isKeyed(v)) {
      const entries = mapEntries([...(v as unknown as Iterable<[unknown, unknown]>)], strict);
      return { '#map': isOrdered(v) ? entries : sortCanonically(entries) };
    }
    // Lists, Stacks and Seqs: in order.
    return [...(v as Iterable<unknown>)].map((x, i) => within(`[${i}]`, () => encode(x, strict)));
  }
  if (Array.isArray(v)) return v.map((x, i) => within(`[${i}]`, () => encode(x, strict)));
  if (v instanceof Set) return { '#set': setItems([...v], strict) };
  if (v instanceof Map) return { '#map': sortCanonically(mapEntries([...v], strict)) };
  if (typeof v === 'object') return objectValue(Object.entries(v as object), strict);
  return String(v);
}

const setItems = (items: unknown[], strict: boolean) => sortCanonically(items.map((x) => within(`.element(${short(x)})`, () => encode(x, strict))));

const mapEntries = (entries: [unknown, unknown][], strict: boolean) =>
  entries.map(([k, x]) => [within(`.keyOf(${short(k)})`, () => encode(k, strict)), within(keyStep(k), () => encode(x, strict))]);

function objectValue(entries: [string, unknown][], strict: boolean): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const [k, x] of entries) out[k] = within(keyStep(k), () => encode(x, strict));
  return out;
}

// Unordered collections are written in a canonical order, so equal states give equal files.
function sortCanonically<T>(items: T[]): T[] {
  const keyed = items.map((x) => [JSON.stringify(x), x] as const);
  keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return keyed.map(([, x]) => x);
}

const isRecordLike = (v: unknown): v is { [k: string]: unknown } => v !== null && typeof v === 'object' && !Array.isArray(v) && !Object.keys(v).some((k) => k.startsWith('#'));

// A state as ITF variables: a record's fields, or a single variable `state` for anything else.
// A value ITF cannot hold throws NotItf with its path (`state.pages[2]`).
function strictVariables(state: unknown): { [variable: string]: unknown } {
  const v = within('state', () => encode(state, true));
  return isRecordLike(v) ? v : { state: v };
}

/**
 * A trace in ITF; each state's `#meta` also carries the label of the step that reached it, and
 * a lasso's `#meta` the step that closes it (`loopLabel`) or `stuttering: true`, which a loop
 * index alone cannot tell apart from a step that leaves the last state unchanged. Throws a
 * UserError (exit 151) naming the state and the path of a value ITF cannot hold.
 */
export function traceToItf<S>(trace: Trace<S>, meta: { readonly property?: string; readonly [key: string]: unknown } = {}): ItfTrace {
  const states: ItfState[] = trace.states.map((t, index) => {
    try {
      return { '#meta': { index, label: t.step ? formatStep(t.step) : t.label }, ...strictVariables(t.state) };
    } catch (e) {
      if (!(e instanceof NotItf)) throw e;
      const what = meta.property ? `The trace of ${meta.property}` : 'A trace';
      throw new UserError(
        `${what} cannot be written as ITF: state ${index + 1} (${t.label}) holds ${e.found} at ${e.path}. ITF, the trace format of Quint and Apalache (ADR-015), has no null, no undefined and no fractional numbers, and an encoding made up here would be misread by those tools. Give the model a value ITF can carry there (a string or a record tag for "none", an integer in smaller units).`,
        EXIT.config,
      );
    }
  });
  const vars = [...new Set(states.flatMap((s) => Object.keys(s).filter((k) => k !== '#meta')))];
  // ITF requires every state to define every variable.
  const gap = states.findIndex((s) => vars.some((x) => !(x in s)));
  if (gap >= 0) {
    const missing = vars.filter((x) => !(x in states[gap]));
    throw new UserError(
      `${meta.property ? `The trace of ${meta.property}` : 'A trace'} cannot be written as ITF: state ${gap + 1} has no variable ${missing.join(', ')}, which other states have, and ITF (ADR-015) requires every state to define every variable. Give the state the same fields in every state (a plain object with optional fields has none to give).`,
      EXIT.config,
    );
  }
  const lasso = trace.stuttering ? { stuttering: true as const } : trace.loopLabel !== undefined ? { loopLabel: trace.loopLabel } : {};
  const out: ItfTrace = { '#meta': { format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html', ...meta, ...lasso }, vars, states };
  // A stuttering lasso loops on its last state.
  const loop = trace.loop ?? (trace.stuttering ? states.length - 1 : undefined);
  return loop !== undefined ? { ...out, loop } : out;
}
