// The gate manifest: which runs to check and the verdict each listed property must have.
// Everything is validated before any run starts (shape, model, constants, config, property
// names, classifier), so a typo fails the build as a manifest error naming the file, the JSON
// path and its line, never as a silently different or vacuous gate.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConstantDecls, ConstValue, Model } from '../api/model.ts';
import { parseCfg } from '../config/cfg.ts';
import { constantOverrides, selectChecks, type ResolvedSelection } from '../config/selection.ts';
import { constantSpec } from '../engine/constants.ts';
import { Instance } from '../engine/instance.ts';
import { DEADLOCK } from '../engine/search/outcome.ts';
import { EXIT, UserError } from '../errors.ts';
import { loadModel, type ModelRegistry } from '../load/load-model.ts';
import { formatPath, JsonDuplicateKeyError, JsonSyntaxError, parseJsonWithLines, type Key } from './json-lines.ts';


export interface Expectation {
  readonly verdict: 'holds' | 'violated';
  /** The case the shortest counterexample falls in: one of the model's `counterexampleClasses`. */
  readonly class?: string;
  /** Longest acceptable shortest counterexample, in states (TLC's "State 1..N"). */
  readonly maxTraceLength?: number;
}

export interface GateRun {
  readonly name: string;
  readonly model: Model;
  readonly instance: Instance;
  /** What the run checks: the model's declarations narrowed by the run's .cfg and checkDeadlock. */
  readonly selection: ResolvedSelection;
  readonly maxStates?: number;
  readonly expect: ReadonlyMap<string, Expectation>;
}

export interface Manifest {
  readonly file: string;
  /** The manifest as read, and every run as it writes it (before --only): what identifies a sharded gate run. */
  readonly text: string;
  readonly shapes: readonly RunShape[];
  readonly runs: GateRun[];
}

/** A place in the manifest, for error messages: its JSON path. */
export type At = readonly Key[];

/** A run as the manifest writes it, its structure checked (checkShape), nothing loaded yet. */
export interface RunShape {
  readonly at: At;
  readonly name: string;
  readonly model: string;
  readonly config?: string;
  readonly constants?: { readonly [name: string]: ConstValue };
  readonly checkDeadlock?: boolean;
  readonly maxStates?: number;
  readonly expect: ReadonlyMap<string, Expectation>;
}

const TOP_KEYS = ['$schema', '$comment', 'runs'];
const RUN_KEYS = ['$comment', 'name', 'model', 'config', 'constants', 'checkDeadlock', 'maxStates', 'expect'];
const EXPECTATION_KEYS = ['verdict', 'class', 'maxTraceLength'];

// The parser's objects have no prototype, so reading a key the manifest lacks finds nothing.
type JsonObject = { readonly [k: string]: unknown };
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;

export async function loadManifest(file: string, only?: string, registry?: ModelRegistry): Promise<Manifest> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`${file}: cannot read the gate manifest: ${(e as Error).message}`, EXIT.config);
  }
  let parsed;
  try {
    parsed = parseJsonWithLines(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new UserError(`${file}:${e.line}:${e.column}: the gate manifest is not valid JSON: ${e.message}`, EXIT.config);
    if (e instanceof JsonDuplicateKeyError) throw new UserError(`${file}:${e.line}: ${formatPath(e.path)}: ${e.message}; a JSON reader keeps only one of the two values`, EXIT.config);
    throw e;
  }
  // A missing key is reported on the line of the object that lacks it (lineOf's fallback).
  const bad = (at: At, what: string) => new UserError(`${file}:${parsed.lineOf(at)}: ${formatPath(at) || '(top level)'}: ${what}`, EXIT.config);
  const shapes = checkShape(parsed.value, bad);
  const base = dirname(resolve(file));
  const runs: GateRun[] = [];
  const names = new Set<string>();
  for (const shape of shapes) {
    if (names.has(shape.name)) throw bad([...shape.at, 'name'], `duplicate run name ${shape.name}`);
    names.add(shape.name);
    if (only === undefined || shape.name === only) runs.push(await resolveRun(shape, base, registry, bad));
  }
  if (only !== undefined && runs.length === 0) throw new UserError(`${file}: --only ${only}: no run of that name (runs: ${[...names].join(', ')})`, EXIT.config);
  return { file, text, shapes, runs };
}

/**
 * Checks the manifest's structure, all of it, before anything is loaded: what
 * specs/gate.schema.json describes, no more and no less (test/gate-schema.test.ts holds the
 * two to it). Names, constants' types and the rest that need the model are resolveRun's.
 */
export function checkShape(top: unknown, bad: (at: At, what: string) => Error): RunShape[] {
  if (!isObject(top)) throw bad([], 'expected an object with a "runs" array');
  for (const k of Object.keys(top)) if (!TOP_KEYS.includes(k)) throw bad([k], `unknown key (known: ${TOP_KEYS.join(', ')})`);
  for (const k of ['$schema', '$comment']) if (top[k] !== undefined && typeof top[k] !== 'string') throw bad([k], 'expected a string');
  if (!Array.isArray(top.runs)) throw bad(['runs'], 'expected an array of runs');
  // Each run needs an expectation too, so a manifest that passes has checked something.
  if (top.runs.length === 0) throw bad(['runs'], 'expected at least one run; a manifest without runs would pass having checked nothing');
  return top.runs.map((raw: unknown, i: number): RunShape => {
    const at: At = ['runs', i];
    const key = (k: string): At => [...at, k];
    if (!isObject(raw)) throw bad(at, 'expected a run object');
    for (const k of Object.keys(raw)) if (!RUN_KEYS.includes(k)) throw bad(key(k), `unknown key (known: ${RUN_KEYS.join(', ')})`);
    if (raw.$comment !== undefined && typeof raw.$comment !== 'string') throw bad(key('$comment'), 'expected a string');
    if (typeof raw.name !== 'string' || raw.name === '') throw bad(key('name'), 'expected a non-empty string');
    if (typeof raw.model !== 'string' || raw.model === '') throw bad(key('model'), 'expected a built-in model name or a module path');
    if (raw.config !== undefined && (typeof raw.config !== 'string' || raw.config === '')) throw bad(key('config'), 'expected a .cfg path relative to the manifest');
    if (raw.constants !== undefined && !isObject(raw.constants)) throw bad(key('constants'), 'expected an object of constant values');
    for (const [name, v] of Object.entries(raw.constants ?? {})) {
      if (!['number', 'boolean', 'string'].includes(typeof v)) throw bad([...at, 'constants', name], `expected a number, true or false, or a string, got ${describeJson(v)}`);
    }
    if (raw.checkDeadlock !== undefined && typeof raw.checkDeadlock !== 'boolean') throw bad(key('checkDeadlock'), 'expected true or false');
    if (raw.maxStates !== undefined && !isCount(raw.maxStates)) throw bad(key('maxStates'), 'expected a positive integer');
    if (!isObject(raw.expect) || Object.keys(raw.expect).length === 0) throw bad(key('expect'), 'expected an object mapping at least one property to its verdict');
    const expect = new Map(Object.entries(raw.expect).map(([prop, e]) => [prop, expectationShape(e, [...at, 'expect', prop], bad)] as const));
    return {
      at,
      name: raw.name,
      model: raw.model,
      config: raw.config as string | undefined,
      constants: raw.constants as RunShape['constants'],
      checkDeadlock: raw.checkDeadlock as boolean | undefined,
      maxStates: raw.maxStates as number | undefined,
      expect,
    };
  });
}

function expectationShape(e: unknown, at: At, bad: (at: At, what: string) => Error): Expectation {
  if (e === 'holds' || e === 'violated') return { verdict: e };
  if (!isObject(e)) throw bad(at, 'expected "holds", "violated" or { verdict, class?, maxTraceLength? }');
  for (const k of Object.keys(e)) if (!EXPECTATION_KEYS.includes(k)) throw bad([...at, k], `unknown key (known: ${EXPECTATION_KEYS.join(', ')})`);
  if (e.verdict !== 'holds' && e.verdict !== 'violated') throw bad([...at, 'verdict'], 'expected "holds" or "violated"');
  if (e.verdict === 'holds' && (e.class !== undefined || e.maxTraceLength !== undefined)) throw bad(at, 'class and maxTraceLength describe a counterexample; they need verdict "violated"');
  if (e.class !== undefined && (typeof e.class !== 'string' || e.class === '')) throw bad([...at, 'class'], 'expected the name of a counterexample class');
  if (e.maxTraceLength !== undefined && !isCount(e.maxTraceLength)) throw bad([...at, 'maxTraceLength'], 'expected a positive integer (states)');
  return { verdict: e.verdict, class: e.class as string | undefined, maxTraceLength: e.maxTraceLength as number | undefined };
}

/** Loads the run's model and .cfg and checks what needs them: constants, property names, classes. */
async function resolveRun(run: RunShape, base: string, registry: ModelRegistry | undefined, bad: (at: At, what: string) => UserError): Promise<GateRun> {
  const key = (k: string): At => [...run.at, k];
  const model = await loadRunModel(run.model, base, registry, (what) => bad(key('model'), what));
  const cfg = run.config === undefined ? undefined : readCfg(run.config, base, (what) => bad(key('config'), what));
  for (const [name, value] of Object.entries(run.constants ?? {})) {
    const at: At = [...key('constants'), name];
    if (!Object.hasOwn(model.constants ?? {}, name)) throw bad(at, `unknown constant ${name} for model ${model.name}; its constants are: ${Object.keys(model.constants ?? {}).join(', ') || '(none)'}`);
    const wrong = constantTypeError(model, name, value);
    if (wrong) throw bad(at, wrong);
  }
  let fromCfg: { [name: string]: unknown };
  try {
    fromCfg = constantOverrides(model, cfg, []);
  } catch (e) {
    if (e instanceof UserError) throw bad(key('config'), e.message);
    throw e;
  }
  const constants = { ...fromCfg, ...run.constants };
  let instance: Instance;
  try {
    instance = Instance.create(model, constants);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    // Name the manifest entry of the offending constant when there is one.
    const name = Object.keys(constants).find((c) => e.message.includes(`onstant ${c} `));
    throw bad(name && run.constants && Object.hasOwn(run.constants, name) ? [...key('constants'), name] : key('constants'), e.message);
  }
  let selection: ResolvedSelection;
  try {
    selection = selectChecks(model.name, instance.spec, cfg, {});
  } catch (e) {
    if (e instanceof UserError) throw bad(key('config'), e.message);
    throw e;
  }
  const checkDeadlock = run.checkDeadlock ?? selection.checkDeadlock;
  const spec = instance.spec;
  const known = [
    ...Object.keys(spec.invariants ?? {}),
    ...Object.keys(spec.actionProperties ?? {}),
    ...Object.keys(spec.reachable ?? {}),
    ...Object.keys(spec.properties ?? {}),
    ...(checkDeadlock ? [DEADLOCK] : []),
  ];
  const checked = [...selection.invariants, ...selection.actionProperties, ...selection.reachable, ...selection.properties, ...(checkDeadlock ? [DEADLOCK] : [])];
  for (const [prop, e] of run.expect) {
    const at: At = [...key('expect'), prop];
    if (!known.includes(prop)) {
      const hint = prop === DEADLOCK ? ' (deadlock checking is off for this run)' : '';
      throw bad(at, `unknown property ${prop} for model ${model.name}${hint}; its properties are: ${known.join(', ') || '(none)'}`);
    }
    // The run checks only what the .cfg selects: an expectation on anything else would never be compared.
    if (!checked.includes(prop)) throw bad(at, `property ${prop} is not checked by this run: ${run.config} selects ${checked.join(', ')}`);
    // Pinning a class the gate cannot compute would pass vacuously or fail forever: refuse it.
    if (e.class !== undefined) {
      const classes = model.counterexampleClasses;
      if (!classes) throw bad([...at, 'class'], `model ${model.name} has no classifyCounterexample, so the counterexample class cannot be checked`);
      if (!classes.includes(e.class)) throw bad([...at, 'class'], `model ${model.name} classifies counterexamples as ${classes.join(', ')}; got ${e.class}`);
    }
  }
  return {
    name: run.name,
    model,
    instance,
    selection: { ...selection, checkDeadlock },
    maxStates: run.maxStates,
    expect: run.expect,
  };
}

/**
 * Why `value` does not have the JSON type of constant `name`'s default, if it does not. The
 * engine's coerceConstant also reads text (a .cfg, `--const N=V`), where 4 and TRUE can only be
 * written as text; in JSON, "4" and "TRUE" are strings and [4] an array, so they are refused
 * here before the value reaches it.
 */
function constantTypeError(model: Model, name: string, value: unknown): string | undefined {
  const spec = constantSpec((model.constants as ConstantDecls)[name]);
  const constant = `constant ${name} of model ${model.name}`;
  const got = describeJson(value);
  switch (typeof spec.default) {
    case 'number': {
      // The engine's numbers are integers, and beyond 2^53 - 1 JSON numbers lose digits.
      const range = spec.min !== undefined && spec.max !== undefined ? `${spec.min} to ${spec.max}` : spec.min !== undefined ? `at least ${spec.min}` : spec.max !== undefined ? `at most ${spec.max}` : '';
      if (!Number.isSafeInteger(value)) return `${constant} is an integer${range ? ` (${range})` : ''}: expected a JSON integer within ±(2^53 - 1), got ${got}`;
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `${constant} is a boolean: expected true or false, got ${got}`;
    case 'string':
      return typeof value === 'string' ? undefined : `${constant} is a string: expected a JSON string, got ${got}`;
    default:
      // A set of model values (an array default): no manifest value is one; the engine says so.
      return undefined;
  }
}

const describeJson = (v: unknown): string => {
  if (typeof v === 'string') return `the string ${v.length > 40 ? `${JSON.stringify(v.slice(0, 40)).slice(0, -1)}…"` : JSON.stringify(v)}`;
  if (Array.isArray(v)) return 'an array';
  return v !== null && typeof v === 'object' ? 'an object' : String(v);
};

/** A run's model through the one loader: a built-in name, else a module path relative to the manifest. */
async function loadRunModel(ref: string, base: string, registry: ModelRegistry | undefined, bad: (what: string) => UserError): Promise<Model> {
  if (registry && !/[\\/.]/.test(ref) && !Object.hasOwn(registry.models, ref)) {
    throw bad(`unknown built-in model ${ref}; built-in models are: ${Object.keys(registry.models).join(', ')} (or give a module path relative to the manifest)`);
  }
  try {
    return await loadModel(ref, { base, registry });
  } catch (e) {
    if (e instanceof UserError) throw new UserError(bad(e.message).message, e.exitCode);
    throw e;
  }
}

function readCfg(ref: string, base: string, bad: (what: string) => UserError) {
  const path = resolve(base, ref);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw bad(`cannot read ${ref}: ${(e as Error).message}`);
  }
  try {
    return parseCfg(path, text);
  } catch (e) {
    if (e instanceof UserError) throw bad(e.message);
    throw e;
  }
}
