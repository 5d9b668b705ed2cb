// Generated state values against a naive reference (issue 12): for every value the checker
// either tells states apart exactly as value equality does, or, for a value outside the state
// domain, ends with a model error (exit 75) — never a merge, a false split, an internal error
// or a success. FUZZ_RUNS sets how many runs are generated (default 200).

import fc from 'fast-check';
import { isImmutable, isOrdered, isKeyed, isRecord, List, Map as IMap, OrderedMap, Record, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { checkModel, defineModel } from 'migcheck';

const numRuns = Number(process.env.FUZZ_RUNS) || 200;
const Pair = Record({ a: 0 as unknown, b: 0 as unknown });

/** Outside the state domain: the checker must refuse each. */
const foreign = fc.constantFrom<() => unknown>(
  () => new Map([[1, 2]]),
  () => new Set([1]),
  () => new Date(0),
  () => () => 1,
  () => Symbol('x'),
  () => NaN,
  () => -Infinity,
  () => new (class Box {})(),
);

const leaf = fc.oneof(
  fc.integer({ min: -2, max: 2 }),
  fc.constantFrom(0, -0, 2 ** 31, -(2 ** 31) - 1, 2 ** 40, 2 ** 40 + 1, 2 ** 53 - 1, 0.1, 0.30000000000000004, 1 + 2 ** -52, 1e300),
  fc.constantFrom('', 'a', 'b', 'ab'),
  fc.boolean(),
  fc.constantFrom(null, undefined, 1n, 2n),
);

const value = (withForeign: boolean) =>
  fc.letrec<{ v: unknown }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      ...(withForeign ? [foreign.map((make) => make())] : []),
      fc.array(tie('v'), { maxLength: 3 }),
      fc.array(tie('v'), { maxLength: 3 }).map((xs) => List(xs)),
      fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'c'), tie('v'), { maxKeys: 3 }).map((o) => IMap(o)),
      fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), tie('v')), { maxLength: 3 }).map((es) => OrderedMap(es)),
      fc.array(tie('v'), { maxLength: 3 }).map((xs) => ISet(xs)),
      fc.tuple(tie('v'), tie('v')).map(([a, b]) => Pair({ a, b })),
    ),
  })).v;

/**
 * The reference: a canonical text per value, equal exactly for values the checker must take as
 * one state (Immutable's value equality; arrays and Lists are both sequences; -0 is 0), or null
 * for a value outside the domain. Written from the documented domain, not from the fingerprint.
 */
function canon(v: unknown): string | null {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? `n${v === 0 ? 0 : v}` : null;
    case 'string':
      return `s${JSON.stringify(v)}`;
    case 'boolean':
    case 'undefined':
    case 'bigint':
      return `${typeof v}:${String(v)}`;
    case 'object':
      break;
    default:
      return null;
  }
  if (v === null) return 'null';
  const all = (parts: (string | null)[], wrap: (ps: string[]) => string) => (parts.every((p) => p !== null) ? wrap(parts as string[]) : null);
  if (Array.isArray(v)) return Object.getPrototypeOf(v) === Array.prototype ? all(v.map(canon), (ps) => `[${ps.join(',')}]`) : null;
  if (isImmutable(v)) {
    if (isRecord(v)) return all([canon(v.get('a')), canon(v.get('b'))], (ps) => `R(${ps.join(',')})`);
    const c = v as unknown as { toArray(): unknown[]; entrySeq(): { toArray(): [unknown, unknown][] } };
    if (List.isList(v)) return all(c.toArray().map(canon), (ps) => `[${ps.join(',')}]`);
    if (isKeyed(v)) {
      const es = c.entrySeq().toArray().map(([k, x]) => all([canon(k), canon(x)], (ps) => ps.join(':')));
      return all(es, (ps) => (isOrdered(v) ? `OM{${ps.join(',')}}` : `M{${ps.sort().join(',')}}`));
    }
    return all(c.toArray().map(canon), (ps) => `S{${ps.sort().join(',')}}`);
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return null;
  const o = v as { [k: string]: unknown };
  return all(Object.keys(o).sort().map((k) => { const c = canon(o[k]); return c === null ? null : `${JSON.stringify(k)}:${c}`; }), (ps) => `{${ps.join(',')}}`);
}

/** A chain of states 0, 1, 2, ... shown to the fingerprint as values[i]: it ends where a view repeats. */
const chain = (values: readonly unknown[]) =>
  defineModel({
    name: 'values',
    init: [0],
    spec: () => ({ actions: { Next: (i: number) => (i < values.length - 1 ? i + 1 : null) }, view: (i: number) => values[i], terminal: (i: number) => i === values.length - 1 }),
  });

/** What the reference expects: how many states until a view repeats, or the first foreign one. */
function expected(values: readonly unknown[]): { distinct: number } | { foreignAt: number } {
  const seen = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const c = canon(values[i]);
    if (c === null) return { foreignAt: i };
    if (seen.has(c)) return { distinct: i };
    seen.add(c);
  }
  return { distinct: values.length };
}

describe('state values, generated', () => {
  it('data: as many states as the reference tells apart, never fewer or more', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value(false), { minLength: 1, maxLength: 12 }), async (values) => {
        const want = expected(values);
        const r = await checkModel(chain(values));
        expect(r.error).toBeUndefined();
        expect(want).toEqual({ distinct: r.distinct });
      }),
      { numRuns },
    );
  });

  it('with values outside the domain: exit 75 at the first one reached, else the data verdict', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value(true), { minLength: 1, maxLength: 8 }), async (values) => {
        const want = expected(values);
        const r = await checkModel(chain(values));
        if ('foreignAt' in want) {
          expect(r.exitCode).toBe(75);
          expect(r.error?.fault).toBe(true);
          expect(r.distinct).toBe(want.foreignAt);
        } else {
          expect(r.exitCode).toBe(0);
          expect(r.distinct).toBe(want.distinct);
        }
      }),
      { numRuns },
    );
  });
});
