// Constant values: declared defaults, overridden by a config file or `--const NAME=VALUE`.
// Values are checked against each constant's declared type and domain, so a typo is a
// config error naming the constant rather than a silently different model.

import type { ConstantDecls, ConstantSpec, ConstValue, Model } from '../api/model.ts';
import { configError } from '../errors.ts';

export type ConstantValues = { readonly [name: string]: ConstValue };

export function constantSpec(decl: ConstValue | ConstantSpec): ConstantSpec {
  return typeof decl === 'object' ? decl : { default: decl };
}

/** Parse a value given as text (command line) or as a config literal, by the default's type. */
export function coerceConstant(model: Model, name: string, raw: unknown): ConstValue {
  const decls = model.constants as ConstantDecls;
  if (!Object.hasOwn(decls, name)) {
    const known = Object.keys(model.constants);
    throw configError(
      `Unknown constant ${name} for model ${model.name}. ${known.length ? `Its constants are: ${known.join(', ')}.` : 'It declares no constants.'}`,
    );
  }
  const spec = constantSpec(decls[name]);
  let value: ConstValue;
  const text = String(raw).trim();
  switch (typeof spec.default) {
    case 'number': {
      const n = typeof raw === 'number' ? raw : text === '' ? NaN : Number(text);
      if (!Number.isFinite(n)) throw configError(`Constant ${name} of model ${model.name} is a number; got "${text}".`);
      value = n;
      break;
    }
    case 'boolean':
      if (raw === true || raw === false) value = raw;
      else if (/^(true|TRUE)$/.test(text)) value = true;
      else if (/^(false|FALSE)$/.test(text)) value = false;
      else throw configError(`Constant ${name} of model ${model.name} is TRUE or FALSE; got "${text}".`);
      break;
    default:
      value = text.replace(/^"(.*)"$/, '$1');
  }
  if (spec.choices && !spec.choices.includes(value)) {
    throw configError(`Constant ${name} of model ${model.name} must be one of ${spec.choices.join(', ')}; got "${text}".`);
  }
  if (typeof value === 'number') {
    if (spec.min !== undefined && value < spec.min) throw configError(`Constant ${name} of model ${model.name} must be at least ${spec.min}; got ${value}.`);
    if (spec.max !== undefined && value > spec.max) throw configError(`Constant ${name} of model ${model.name} must be at most ${spec.max}; got ${value}.`);
  }
  return value;
}

/** The model's defaults with `overrides` applied and checked. */
export function resolveConstants(model: Model, overrides: { readonly [name: string]: unknown }): ConstantValues {
  const values: { [name: string]: ConstValue } = {};
  for (const [name, decl] of Object.entries(model.constants as ConstantDecls)) values[name] = constantSpec(decl).default;
  for (const [name, raw] of Object.entries(overrides)) values[name] = coerceConstant(model, name, raw);
  return values;
}
