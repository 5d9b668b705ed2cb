// The gate manifest: which runs to check and the verdict each listed property must have.
// Everything is validated before any run starts (shape, model, constants, config, property
// names, classifier), so a typo fails the build as a manifest error naming the file, the JSON
// path and its line, never as a silently different or vacuous gate.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConstantDecls, ConstantSpec, Model } from '../api/model.ts';
import { parseCfg } from '../config/cfg.ts';
import { constantOverrides, selectChecks } from '../config/selection.ts';
import { importModule } from '../engine/import-module.ts';
import { Instance } from '../engine/instance.ts';
import { DEADLOCK } from '../engine/outcome.ts';
import { EXIT, UserError } from '../errors.ts';
import { builtinModels } from '../../model/index.ts';
import { classifierFor } from './classifiers.ts';
import { formatPath, JsonDuplicateKeyError, JsonSyntaxError, parseJsonWithLines, type Key } from './json-lines.ts';

export const CLASSES = ['before-query', 'A', 'B.I', 'B.II'] as const;
export type CounterexampleClass = (typeof CLASSES)[number];

export interface Expectation {
  readonly verdict: 'holds' | 'violated';
  readonly class?: CounterexampleClass;
  /** Longest acceptable shortest counterexample, in states (TLC's "State 1..N"). */
  readonly maxTraceLength?: number;
}

export interface GateRun {
  readonly name: string;
  readonly model: Model;
  readonly instance: Instance;
  readonly invariants: string[];
  readonly actionProperties: string[];
  readonly reachable: string[];
  readonly properties: string[];
  readonly checkDeadlock: boolean;
  readonly maxStates?: number;
  readonly expect: ReadonlyMap<string, Expectation>;
}

export interface Manifest {
  readonly file: string;
  readonly runs: GateRun[];
}

/** A place in the manifest, for error messages: its JSON path. */
type At = readonly Key[];

const RUN_KEYS = ['name', 'model', 'config', 'constants', 'checkDeadlock', 'maxStates', 'expect'];

export async function loadManifest(file: string, only?: string): Promise<Manifest> {
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
  const isObject = (v: unknown): v is { [k: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);

  const top = parsed.value;
  if (!isObject(top)) throw bad([], 'expected an object with a "runs" array');
  for (const k of Object.keys(top)) if (k !== 'runs' && k !== '$comment') throw bad([k], `unknown key (known: runs, $comment)`);
  if (!Array.isArray(top.runs)) throw bad(['runs'], 'expected an array of runs');
  // Each run needs an expectation too, so a manifest that passes has checked something.
  if (top.runs.length === 0) throw bad(['runs'], 'expected at least one run; a manifest without runs would pass having checked nothing');
  const base = dirname(resolve(file));
  const runs: GateRun[] = [];
  const names = new Set<string>();

  for (const [i, raw] of (top.runs as unknown[]).entries()) {
    const at: At = ['runs', i];
    const key = (k: string): At => [...at, k];
    if (!isObject(raw)) throw bad(at, 'expected a run object');
    for (const k of Object.keys(raw)) if (!RUN_KEYS.includes(k) && k !== '$comment') throw bad(key(k), `unknown key (known: ${RUN_KEYS.join(', ')})`);
    if (typeof raw.name !== 'string' || raw.name === '') throw bad(key('name'), 'expected a non-empty string');
    if (names.has(raw.name)) throw bad(key('name'), `duplicate run name ${raw.name}`);
    names.add(raw.name);
    if (only !== undefined && raw.name !== only) continue;

    if (typeof raw.model !== 'string') throw bad(key('model'), 'expected a built-in model name or a module path');
    const model = await loadModel(raw.model, base, (what) => bad(key('model'), what));

    const cfg = raw.config === undefined ? undefined : readCfg(raw.config, base, (what) => bad(key('config'), what));
    if (raw.constants !== undefined && !isObject(raw.constants)) throw bad(key('constants'), 'expected an object of constant values');
    for (const [name, value] of Object.entries(raw.constants ?? {})) {
      if (!Object.hasOwn(model.constants, name)) throw bad([...at, 'constants', name], `unknown constant ${name} for model ${model.name}; its constants are: ${Object.keys(model.constants).join(', ') || '(none)'}`);
      const wrong = constantTypeError(model, name, value);
      if (wrong) throw bad([...at, 'constants', name], wrong);
    }
    let fromCfg: { [name: string]: unknown };
    try {
      fromCfg = constantOverrides(model, cfg, []);
    } catch (e) {
      if (e instanceof UserError) throw bad(key('config'), e.message);
      throw e;
    }
    const constants = { ...fromCfg, ...((raw.constants as object | undefined) ?? {}) };
    let instance: Instance;
    try {
      instance = Instance.create(model, constants);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      // Name the manifest entry of the offending constant when there is one.
      const name = Object.keys(constants).find((c) => e.message.includes(`onstant ${c} `));
      throw bad(name && raw.constants && Object.hasOwn(raw.constants, name) ? [...at, 'constants', name] : key('constants'), e.message);
    }
    const selection = (() => {
      try {
        return selectChecks(model.name, instance.spec, cfg, {});
      } catch (e) {
        if (e instanceof UserError) throw bad(key('config'), e.message);
        throw e;
      }
    })();
    if (raw.checkDeadlock !== undefined && typeof raw.checkDeadlock !== 'boolean') throw bad(key('checkDeadlock'), 'expected true or false');
    const checkDeadlock = (raw.checkDeadlock as boolean | undefined) ?? selection.checkDeadlock;
    if (raw.maxStates !== undefined && !(Number.isInteger(raw.maxStates) && (raw.maxStates as number) > 0)) throw bad(key('maxStates'), 'expected a positive integer');

    const expectAt = key('expect');
    if (!isObject(raw.expect) || Object.keys(raw.expect).length === 0) throw bad(expectAt, 'expected an object mapping at least one property to its verdict');
    const spec = instance.spec;
    const known = [
      ...Object.keys(spec.invariants ?? {}),
      ...Object.keys(spec.actionProperties ?? {}),
      ...Object.keys(spec.reachable ?? {}),
      ...Object.keys(spec.properties ?? {}),
      ...(checkDeadlock ? [DEADLOCK] : []),
    ];
    const checked = [...selection.invariants, ...selection.actionProperties, ...selection.reachable, ...selection.properties, ...(checkDeadlock ? [DEADLOCK] : [])];
    const expect = new Map<string, Expectation>();
    for (const [prop, e] of Object.entries(raw.expect)) {
      const p: At = [...expectAt, prop];
      if (!known.includes(prop)) {
        const hint = prop === DEADLOCK ? ' (deadlock checking is off for this run)' : '';
        throw bad(p, `unknown property ${prop} for model ${model.name}${hint}; its properties are: ${known.join(', ') || '(none)'}`);
      }
      // The run checks only what the .cfg selects: an expectation on anything else would never be compared.
      if (!checked.includes(prop)) throw bad(p, `property ${prop} is not checked by this run: ${raw.config} selects ${checked.join(', ')}`);
      expect.set(prop, parseExpectation(e, p, bad, model, isObject));
    }
    runs.push({
      name: raw.name,
      model,
      instance,
      invariants: selection.invariants,
      actionProperties: selection.actionProperties,
      reachable: selection.reachable,
      properties: selection.properties,
      checkDeadlock,
      maxStates: raw.maxStates as number | undefined,
      expect,
    });
  }
  if (only !== undefined && runs.length === 0) throw new UserError(`${file}: --only ${only}: no run of that name (runs: ${[...names].join(', ')})`, EXIT.config);
  return { file, runs };
}

/**
 * Why `value` does not have the JSON type of constant `name`'s default, if it does not. The
 * engine's coerceConstant also reads text (a .cfg, `--const N=V`), where 4 and TRUE can only be
 * written as text; in JSON, "4" and "TRUE" are strings and [4] an array, so they are refused
 * here before the value reaches it.
 */
function constantTypeError(model: Model, name: string, value: unknown): string | undefined {
  const decl = (model.constants as ConstantDecls)[name];
  const spec: ConstantSpec = typeof decl === 'object' ? decl : { default: decl };
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
    default:
      return typeof value === 'string' ? undefined : `${constant} is a string: expected a JSON string, got ${got}`;
  }
}

const describeJson = (v: unknown): string => {
  if (typeof v === 'string') return `the string ${v.length > 40 ? `${JSON.stringify(v.slice(0, 40)).slice(0, -1)}…"` : JSON.stringify(v)}`;
  if (Array.isArray(v)) return 'an array';
  return v !== null && typeof v === 'object' ? 'an object' : String(v);
};

function parseExpectation(
  e: unknown,
  p: At,
  bad: (at: At, what: string) => UserError,
  model: Model,
  isObject: (v: unknown) => v is { [k: string]: unknown },
): Expectation {
  if (e === 'holds' || e === 'violated') return { verdict: e };
  if (!isObject(e)) throw bad(p, 'expected "holds", "violated" or { verdict, class?, maxTraceLength? }');
  for (const k of Object.keys(e)) if (!['verdict', 'class', 'maxTraceLength'].includes(k)) throw bad([...p, k], 'unknown key (known: verdict, class, maxTraceLength)');
  if (e.verdict !== 'holds' && e.verdict !== 'violated') throw bad([...p, 'verdict'], 'expected "holds" or "violated"');
  if (e.verdict === 'holds' && (e.class !== undefined || e.maxTraceLength !== undefined)) throw bad(p, 'class and maxTraceLength describe a counterexample; they need verdict "violated"');
  if (e.class !== undefined) {
    if (!CLASSES.includes(e.class as CounterexampleClass)) throw bad([...p, 'class'], `expected one of ${CLASSES.join(', ')}`);
    // Pinning a class the gate cannot compute would pass vacuously or fail forever: refuse it.
    if (!classifierFor(model)) throw bad([...p, 'class'], `model ${model.name} has no classifyCounterexample, so the counterexample class cannot be checked`);
  }
  if (e.maxTraceLength !== undefined && !(Number.isInteger(e.maxTraceLength) && (e.maxTraceLength as number) >= 1)) throw bad([...p, 'maxTraceLength'], 'expected a positive integer (states)');
  return { verdict: e.verdict, class: e.class as CounterexampleClass | undefined, maxTraceLength: e.maxTraceLength as number | undefined };
}

async function loadModel(ref: string, base: string, bad: (what: string) => UserError): Promise<Model> {
  if (!/[\\/.]/.test(ref)) {
    const m = Object.hasOwn(builtinModels, ref) ? builtinModels[ref] : undefined;
    if (!m) throw bad(`unknown built-in model ${ref}; built-in models are: ${Object.keys(builtinModels).join(', ')} (or give a module path relative to the manifest)`);
    return m;
  }
  let mod: { default?: unknown; model?: unknown };
  try {
    mod = (await importModule(pathToFileURL(resolve(base, ref)).href)) as typeof mod;
  } catch (e) {
    throw new UserError(bad(`cannot load model module ${ref}: ${(e as Error).message}`).message, EXIT.loadModel);
  }
  const m = (mod.default ?? mod.model) as Model | undefined;
  if (!m || typeof m.spec !== 'function') throw bad(`module ${ref} exports no model (a default export or "model" made with defineModel)`);
  return m;
}

function readCfg(ref: unknown, base: string, bad: (what: string) => UserError) {
  if (typeof ref !== 'string') throw bad('expected a .cfg path relative to the manifest');
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
