// What a run checks: the model's declarations narrowed by a .cfg file, then by command-line
// flags (flags win). Every name is checked against the model here, so a typo is a config
// error naming the file and line (or the flag) and listing the names the model knows.

import type { ConstValue, Model, Spec } from '../api/model.ts';
import { coerceConstant, type ConstantSyntax } from '../engine/constants.ts';
import type { Selection } from '../engine/search/expand.ts';
import { configError, UserError } from '../errors.ts';
import type { CfgFile, CfgItem } from './cfg.ts';

export interface SelectionFlags {
  readonly invariants?: readonly string[];
  readonly properties?: readonly string[];
  /** False for --no-deadlock. */
  readonly checkDeadlock?: boolean;
}

/** The search's Selection with every name resolved, plus what the pipeline decides. */
export interface ResolvedSelection extends Required<Omit<Selection, 'implied'>> {
  readonly properties: readonly string[];
  readonly checkDeadlock: boolean;
  /** A cfg SYMMETRY asks for the model's symmetry to be applied (as --symmetry does). */
  readonly symmetry: boolean;
}

type Named = { readonly [name: string]: unknown } | undefined;

// Own keys only: `toString` or `constructor` must not name a check through the prototype.
const has = (m: Named, name: string) => m !== undefined && Object.hasOwn(m, name);

/** Where a name came from: a cfg line, or a flag. */
interface Source {
  readonly name: string;
  readonly where: string;
}

const fromCfg = (cfg: CfgFile, items: readonly CfgItem[]): Source[] => items.map((i) => ({ name: i.value, where: `${cfg.file}:${i.line}` }));
const fromFlag = (flag: string, names: readonly string[]): Source[] => names.map((name) => ({ name, where: flag }));

function unknown(src: Source, kind: string, modelName: string, known: string[]): Error {
  const kinds = kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
  return configError(`${src.where}: unknown ${kind} ${src.name} for model ${modelName}. ${known.length ? `Its ${kinds} are: ${known.join(', ')}.` : `It declares no ${kinds}.`}`);
}

export function selectChecks<S>(modelName: string, spec: Spec<S>, cfg: CfgFile | undefined, flags: SelectionFlags): ResolvedSelection {
  const names = (m: Named) => Object.keys(m ?? {});

  // INVARIANT / --invariant: state invariants.
  // As TLC: a cfg checks exactly the INVARIANT and PROPERTY entries it lists (none listed:
  // none checked); without a cfg, every one the model declares.
  const invSources = flags.invariants?.length ? fromFlag('--invariant', flags.invariants) : cfg ? fromCfg(cfg, cfg.invariants) : undefined;
  for (const s of invSources ?? []) if (!has(spec.invariants, s.name)) throw unknown(s, 'invariant', modelName, names(spec.invariants));

  // PROPERTY / --property: temporal properties, action properties or reachability checks.
  const propSources = flags.properties?.length ? fromFlag('--property', flags.properties) : cfg ? fromCfg(cfg, cfg.properties) : undefined;
  const propertyKinds = [spec.properties, spec.actionProperties, spec.reachable];
  for (const s of propSources ?? []) {
    if (!propertyKinds.some((m) => has(m, s.name))) throw unknown(s, 'property', modelName, propertyKinds.flatMap(names));
  }
  const narrow = (m: Named) => (propSources ? propSources.map((s) => s.name).filter((n) => has(m, n)) : names(m));

  const pickFromCfg = (items: readonly CfgItem[] | undefined, m: Named, kind: string) => {
    if (!cfg || !items?.length) return names(m);
    for (const s of fromCfg(cfg, items)) if (!has(m, s.name)) throw unknown(s, kind, modelName, names(m));
    return items.map((i) => i.value);
  };

  // The model's own `symmetry` is what is applied; the cfg's name only asks for it to exist.
  if (cfg?.symmetry.length && !spec.symmetry) {
    throw configError(`${cfg.file}:${cfg.symmetry[0].line}: SYMMETRY ${cfg.symmetry[0].value} is named, but model ${modelName} defines no symmetry in its spec.`);
  }
  for (const item of [cfg?.view, cfg?.alias]) {
    if (!item) continue;
    const keyword = item === cfg?.view ? 'VIEW' : 'ALIAS';
    const present = keyword === 'VIEW' ? spec.view : spec.alias;
    if (!present) throw configError(`${cfg!.file}:${item.line}: ${keyword} ${item.value} is named, but model ${modelName} defines no ${keyword.toLowerCase()} in its spec.`);
  }

  return {
    invariants: invSources ? invSources.map((s) => s.name) : names(spec.invariants),
    properties: narrow(spec.properties),
    actionProperties: narrow(spec.actionProperties),
    reachable: narrow(spec.reachable),
    constraints: pickFromCfg(cfg?.constraints, spec.constraints, 'constraint'),
    actionConstraints: pickFromCfg(cfg?.actionConstraints, spec.actionConstraints, 'action constraint'),
    checkDeadlock: flags.checkDeadlock === false ? false : (cfg?.checkDeadlock?.value ?? true),
    symmetry: (cfg?.symmetry.length ?? 0) > 0,
  };
}

/** Where a constant's value came from, as the error message names it, and how it is written. */
function constantFrom(model: Model, where: string, name: string, raw: unknown, syntax: ConstantSyntax): ConstValue {
  try {
    return coerceConstant(model, name, raw, syntax);
  } catch (e) {
    throw e instanceof UserError ? configError(`${where}: ${e.message}`) : e;
  }
}

/** A constant set by a command-line flag's text: `--const pages=3`, or `--pages 3` (flag `--pages 3`). */
export const constantFromFlag = (model: Model, flag: string, name: string, text: string) => constantFrom(model, flag, name, text, 'text');

/** The cfg's constants (checked here, to name their line) with `--const` values laid over them. */
export function constantOverrides(model: Model, cfg: CfgFile | undefined, flags: readonly string[]): { [name: string]: unknown } {
  const out = new Map<string, ConstValue>();
  for (const c of cfg?.constants ?? []) out.set(c.value.name, constantFrom(model, `${cfg!.file}:${c.line}`, c.value.name, c.value.value, 'cfg'));
  for (const f of flags) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw configError(`--const ${f}: expected NAME=VALUE.`);
    const name = f.slice(0, eq);
    out.set(name, constantFromFlag(model, `--const ${f}`, name, f.slice(eq + 1)));
  }
  return Object.fromEntries(out);
}
