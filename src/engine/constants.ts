// Constant values: declared defaults, overridden from code (JS values), by a config file's
// literals or by `--const NAME=VALUE` text. Every value is checked against its constant's
// declared type and domain, so a typo is a config error naming the constant rather than a
// silently different model. TLA+ has no reals and TLC's integers are exact, so a number
// constant is a safe integer: nothing is truncated or rounded on the way in.

import type { ConstantDecls, ConstantSpec, ConstValue, Model } from '../api/model.ts';
import { configError, EXIT, UserError } from '../errors.ts';

export type ConstantValues = { readonly [name: string]: ConstValue };

/** A constant's value as a cfg file writes it; the cfg parser knows the syntax, not the model. */
export type CfgLiteral =
  // A number keeps its text, so that `2.5` or a 20-digit number reaches the range check intact.
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'boolean'; readonly text: string; readonly value: boolean }
  // A "string", or a bare model value, which stands for its own name.
  | { readonly kind: 'string'; readonly text: string; readonly value: string }
  | { readonly kind: 'set'; readonly text: string; readonly value: readonly string[] };

/** How an override is written: a JS value from code, command-line text, or a cfg literal. */
export type ConstantSyntax = 'value' | 'text' | 'cfg';

export function constantSpec(decl: ConstValue | ConstantSpec): ConstantSpec {
  // An array (a set of model values, see Kind) is a bare default, not a spec.
  return typeof decl === 'object' && decl !== null && !Array.isArray(decl) ? decl : { default: decl as ConstValue };
}

// A constant's type is its default's. 'set' (of model values, an array of strings) is not a
// ConstValue in the API's types; it exists only where a model declares such a default anyway.
type Kind = 'integer' | 'boolean' | 'string' | 'set';

const kindOf = (spec: ConstantSpec): Kind =>
  Array.isArray(spec.default) ? 'set' : typeof spec.default === 'number' ? 'integer' : typeof spec.default === 'boolean' ? 'boolean' : 'string';

const range = (spec: ConstantSpec) => ({ min: spec.min ?? Number.MIN_SAFE_INTEGER, max: spec.max ?? Number.MAX_SAFE_INTEGER });

/** What the declaration allows, in words: "an integer in 1..12", "one of crash, corrupt". */
function describe(spec: ConstantSpec): string {
  if (spec.choices) return `one of ${spec.choices.map(show).join(', ')}`;
  switch (kindOf(spec)) {
    case 'integer': {
      const { min, max } = range(spec);
      return `an integer in ${min}..${max}`;
    }
    case 'boolean':
      return 'TRUE or FALSE';
    case 'set':
      return 'a set of model values (in a cfg file: {m1, m2})';
    default:
      return 'a string';
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `{${v.map(show).join(', ')}}`;
  return String(v);
}

/** Whether `value` is of the constant's type and in its domain. */
function allowed(spec: ConstantSpec, value: unknown): boolean {
  const kind = kindOf(spec);
  if (kind === 'integer') {
    const { min, max } = range(spec);
    if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max) return false;
  } else if (kind === 'set') {
    if (!Array.isArray(value) || !value.every((m) => typeof m === 'string')) return false;
  } else if (typeof value !== kind) return false;
  return !spec.choices || spec.choices.includes(value as ConstValue);
}

/** An integer as text: an optional '-', then decimal digits without leading zeros. */
const INTEGER = /^-?(0|[1-9][0-9]*)$/;

/** The integer `text` writes, as a bigint beyond the safe range (which then fails it); else undefined. */
function integerOf(text: string): number | bigint | undefined {
  if (!INTEGER.test(text)) return undefined;
  const n = BigInt(text);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

const BOOLEAN_WORDS = new Map([
  ['TRUE', true],
  ['true', true],
  ['FALSE', false],
  ['false', false],
]);

/** The value command-line text stands for, by the constant's type; undefined if it stands for none. */
function fromText(kind: Kind, text: string): unknown {
  switch (kind) {
    case 'integer':
      return integerOf(text);
    case 'boolean':
      return BOOLEAN_WORDS.get(text);
    case 'string':
      return /^"(.*)"$/s.exec(text)?.[1] ?? text;
    default:
      return undefined;
  }
}

/** The value a cfg literal stands for: a cfg literal's kind must be the constant's. */
function fromCfg(kind: Kind, literal: CfgLiteral): unknown {
  if (literal.kind !== 'number') return literal.value;
  return kind === 'integer' ? integerOf(literal.text) : undefined;
}

function declaration(model: Model, name: string): ConstantSpec {
  const decls = (model.constants ?? {}) as ConstantDecls;
  if (!Object.hasOwn(decls, name)) {
    const known = Object.keys(decls);
    throw configError(
      `Unknown constant ${name} for model ${model.name}. ${known.length ? `Its constants are: ${known.join(', ')}.` : 'It declares no constants.'}`,
    );
  }
  return constantSpec(decls[name]);
}

/**
 * The value of constant `name` from an override, checked against its declaration. From code
 * (`syntax` 'value', the default) the value must already have the constant's type: a number
 * must be a safe integer; text is parsed only when it is text ('text': the command line) or a
 * cfg literal ('cfg').
 */
export function coerceConstant(model: Model, name: string, raw: unknown, syntax: ConstantSyntax = 'value'): ConstValue {
  const spec = declaration(model, name);
  const kind = kindOf(spec);
  const value = syntax === 'value' ? raw : syntax === 'text' ? fromText(kind, raw as string) : fromCfg(kind, raw as CfgLiteral);
  if (allowed(spec, value)) return value as ConstValue;
  const shown = syntax === 'value' ? show(raw) : syntax === 'text' ? JSON.stringify(raw) : (raw as CfgLiteral).text;
  const aSet = syntax === 'cfg' ? (raw as CfgLiteral).kind === 'set' : Array.isArray(raw);
  const why = aSet && kind !== 'set' ? ': sets of model values are not supported as constants' : '';
  throw configError(`Constant ${name} of model ${model.name} is ${describe(spec)}; got ${shown}${why}.`);
}

/** A model whose own defaults or bounds break its declarations cannot be checked at all. */
export function checkDeclarations(model: Model): void {
  for (const [name, decl] of Object.entries((model.constants ?? {}) as ConstantDecls)) {
    const spec = constantSpec(decl);
    const bound = [spec.min, spec.max].find((b) => b !== undefined && !Number.isSafeInteger(b));
    const why =
      bound !== undefined ? `its bound ${bound} is not a safe integer` : allowed(spec, spec.default) ? undefined : `its default ${show(spec.default)} is not ${describe(spec)}`;
    if (why) throw new UserError(`Model ${model.name} declares constant ${name} wrongly: ${why}.`, EXIT.loadModel);
  }
}

/** The model's defaults with `overrides` (JS values, as from code) applied and checked. */
export function resolveConstants(model: Model, overrides: { readonly [name: string]: unknown }): ConstantValues {
  checkDeclarations(model);
  const values = new Map(Object.entries((model.constants ?? {}) as ConstantDecls).map(([name, decl]) => [name, constantSpec(decl).default]));
  for (const [name, raw] of Object.entries(overrides)) values.set(name, coerceConstant(model, name, raw));
  return Object.fromEntries(values);
}
