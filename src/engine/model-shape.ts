// The shape of a model and of the spec it returns, checked before anything runs: a model
// written in JavaScript, or loaded from a module that exports something else, gets an error
// naming the missing or mistyped field instead of a crash deep in the search (or a silently
// empty check, e.g. invariants given as an array).

import type { Model, Spec } from '../api/model.ts';
import { EXIT, UserError } from '../errors.ts';

const shapeError = (message: string) => new UserError(message, EXIT.loadModel);

const isObject = (v: unknown): v is { readonly [k: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIterable = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';

/** Check the fields of a model object (not yet its spec). */
export function checkModelShape(m: unknown): asserts m is Model {
  if (!isObject(m)) throw shapeError(`A model must be an object made with defineModel({ name, constants, init, spec }); got ${describeValue(m)}.`);
  const name = typeof m.name === 'string' && m.name !== '' ? m.name : undefined;
  const what = name ? `Model ${name}` : 'The model';
  if (name === undefined) throw shapeError(`${what} has no name: give defineModel a non-empty string \`name\`.`);
  if (m.constants !== undefined && !isObject(m.constants)) throw shapeError(`${what}: \`constants\` must be an object of constant declarations; got ${describeValue(m.constants)}.`);
  if (m.init === undefined) throw shapeError(`${what} has no \`init\`: give its initial states (an array, or a function of the constants returning one).`);
  if (typeof m.init !== 'function' && !isIterable(m.init)) throw shapeError(`${what}: \`init\` must be an array of initial states or a function of the constants; got ${describeValue(m.init)}.`);
  if (typeof m.spec !== 'function') throw shapeError(`${what} has no \`spec\` function: give \`spec: (constants) => ({ actions, invariants, ... })\`; got ${describeValue(m.spec)}.`);
  if (m.classifyCounterexample !== undefined || m.counterexampleClasses !== undefined) {
    const classes = m.counterexampleClasses;
    const listed = Array.isArray(classes) && classes.length > 0 && classes.every((c) => typeof c === 'string' && c !== '');
    if (typeof m.classifyCounterexample !== 'function' || !listed) {
      throw shapeError(`${what}: a counterexample classifier is a function \`classifyCounterexample\` with the non-empty list of the names it returns, \`counterexampleClasses\`; got ${describeValue(m.classifyCounterexample)} and ${describeValue(classes)}.`);
    }
  }
}

const NAMED_PREDICATES = ['invariants', 'actionProperties', 'constraints', 'actionConstraints', 'reachable'] as const;
const FUNCTIONS = ['terminal', 'view', 'alias'] as const;

/** Check what `spec(constants)` returned. */
export function checkSpecShape(model: string, spec: unknown): asserts spec is Spec<unknown> {
  const what = `Model ${model}: spec(constants)`;
  if (!isObject(spec)) throw shapeError(`${what} must return an object ({ actions, invariants, ... }); got ${describeValue(spec)}.`);
  if ('init' in spec) throw shapeError(`${what} returned \`init\`: initial states belong beside \`spec\`, as the model's own \`init\` field (so TypeScript infers the state type from them).`);
  if (!isObject(spec.actions)) throw shapeError(`${what} must return \`actions\`, an object of named actions; got ${describeValue(spec.actions)}.`);
  for (const [name, a] of Object.entries(spec.actions)) {
    const ok = typeof a === 'function' || (isObject(a) && typeof a.params === 'function' && typeof a.next === 'function');
    if (!ok) throw shapeError(`${what}: action ${name} must be a function (state) => successors, or { params: (state) => [...], next: (state, params) => successors }; got ${describeValue(a)}.`);
  }
  for (const field of NAMED_PREDICATES) {
    const group = spec[field];
    if (group === undefined) continue;
    if (!isObject(group)) throw shapeError(`${what}: \`${field}\` must be an object of named functions; got ${describeValue(group)}.`);
    for (const [name, p] of Object.entries(group)) if (typeof p !== 'function') throw shapeError(`${what}: ${field}.${name} must be a function; got ${describeValue(p)}.`);
  }
  for (const field of FUNCTIONS) {
    if (spec[field] !== undefined && typeof spec[field] !== 'function') throw shapeError(`${what}: \`${field}\` must be a function; got ${describeValue(spec[field])}.`);
  }
  if (spec.properties !== undefined) {
    if (!isObject(spec.properties)) throw shapeError(`${what}: \`properties\` must be an object of named temporal formulas; got ${describeValue(spec.properties)}.`);
    for (const [name, f] of Object.entries(spec.properties)) {
      if (!isObject(f) || typeof f.op !== 'string') throw shapeError(`${what}: property ${name} must be a temporal formula (always, eventually, leadsTo, ...); got ${describeValue(f)}.`);
    }
  }
  if (spec.fairness !== undefined) {
    const ok = Array.isArray(spec.fairness) && spec.fairness.every((f) => isObject(f) && (f.kind === 'WF' || f.kind === 'SF') && Array.isArray(f.actions));
    if (!ok) throw shapeError(`${what}: \`fairness\` must be an array of WF(...) / SF(...) groups; got ${describeValue(spec.fairness)}.`);
  }
  if (spec.symmetry !== undefined) {
    const s = spec.symmetry;
    if (!isObject(s) || !Number.isSafeInteger(s.size) || (s.size as number) < 1 || typeof s.permute !== 'function' || (s.signature !== undefined && typeof s.signature !== 'function')) {
      throw shapeError(`${what}: \`symmetry\` must be { size: a positive integer, permute: (state, perm) => state, signature?: (state, index) => value }; got ${describeValue(s)}.`);
    }
  }
}

/** What a model gave or returned where something else was due, for a message: `the string "x"`, `an object`. */
export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `the ${typeof v} ${String(v)}`;
}
