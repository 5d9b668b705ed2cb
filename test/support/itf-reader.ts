// Reading an ITF file back as Quint does: the file must keep ADR-015's rules (checked here
// field by field, so a failure says which rule) and Quint's own reader (`ofItf`, then through
// Quint's runtime values) must accept it. `readItf` returns the states as plain values, integers
// as bigints, for tests to compare with what the model produced.

import { readFileSync } from 'node:fs';
import quintItf from '@informalsystems/quint/dist/src/itf.js';
import { expect } from 'vitest';

type QuintEx = { kind: string; value?: unknown; opcode?: string; args?: QuintEx[] };

const TOP = new Set(['#meta', 'params', 'vars', 'states', 'loop']);

/** Where `v` breaks ITF's value grammar (ADR-015, integers as `#bigint` as Quint writes them), or null. */
function valueFault(v: unknown, path: string): string | null {
  if (typeof v === 'boolean' || typeof v === 'string') return null;
  if (v === null || typeof v !== 'object') return `${path}: ${JSON.stringify(v)} is not an ITF value`;
  if (Array.isArray(v)) return v.map((x, i) => valueFault(x, `${path}[${i}]`)).find(Boolean) ?? null;
  const keys = Object.keys(v);
  const o = v as { [k: string]: unknown };
  const tagged = keys.filter((k) => k.startsWith('#'));
  if (tagged.length === 0) return keys.map((k) => valueFault(o[k], `${path}.${k}`)).find(Boolean) ?? null;
  if (keys.length !== 1) return `${path}: a tagged value has exactly one field, found ${keys.join(', ')}`;
  const [tag] = tagged;
  const x = o[tag];
  if (tag === '#bigint') return typeof x === 'string' && /^-?[0-9]+$/.test(x) ? null : `${path}: #bigint ${JSON.stringify(x)}`;
  if (tag === '#unserializable') return typeof x === 'string' ? null : `${path}: #unserializable must be a string`;
  if (!Array.isArray(x)) return `${path}: ${tag} must hold an array`;
  if (tag === '#set' || tag === '#tup') return valueFault(x, `${path}.${tag}`);
  if (tag === '#map') return x.map((e, i) => (Array.isArray(e) && e.length === 2 ? valueFault(e, `${path}.#map[${i}]`) : `${path}.#map[${i}]: not a [key, value] pair`)).find(Boolean) ?? null;
  return `${path}: unknown tag ${tag}`;
}

function plain(ex: QuintEx): unknown {
  const args = ex.args ?? [];
  if (ex.kind !== 'app') return ex.value;
  switch (ex.opcode) {
    case 'Rec':
      return Object.fromEntries(args.flatMap((a, i) => (i % 2 ? [] : [[plain(a) as string, plain(args[i + 1])]])));
    case 'Set':
      return { set: args.map(plain) };
    case 'Map':
      return { map: args.map((t) => t.args!.map(plain)) };
    default:
      return args.map(plain);
  }
}

export interface ReadItf {
  readonly doc: { '#meta': { [k: string]: unknown }; vars: string[]; states: { [k: string]: unknown }[]; loop?: number };
  /** Each state as Quint read it: records as objects, lists and tuples as arrays, `{set}`, `{map}`, integers as bigints. */
  readonly states: { [variable: string]: unknown }[];
}

/** Read `file` as ITF, failing the test on any rule broken or anything Quint's reader refuses. */
export function readItf(file: string): ReadItf {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  expect(Object.keys(doc).filter((k) => !TOP.has(k)), `${file}: top-level fields`).toEqual([]);
  expect(Array.isArray(doc.vars) && doc.vars.every((x: unknown) => typeof x === 'string'), `${file}: vars`).toBe(true);
  expect(Array.isArray(doc.states) && doc.states.length > 0, `${file}: states`).toBe(true);
  if (doc.loop !== undefined) expect(Number.isInteger(doc.loop) && doc.loop >= 0 && doc.loop < doc.states.length, `${file}: loop ${doc.loop}`).toBe(true);
  doc.states.forEach((s: { [k: string]: unknown }, i: number) => {
    expect(Object.keys(s).filter((k) => k !== '#meta').sort(), `${file}: state ${i} defines exactly the vars`).toEqual([...doc.vars].sort());
    expect(valueFault(Object.fromEntries(doc.vars.map((x: string) => [x, s[x]])), `states[${i}]`), file).toBeNull();
  });
  const read = quintItf.ofItf(doc) as QuintEx[];
  quintItf.ofItfNormalized(doc); // through Quint's runtime values, which check sets and maps
  expect(read).toHaveLength(doc.states.length);
  return { doc, states: read.map((ex) => plain(ex) as { [variable: string]: unknown }) };
}
