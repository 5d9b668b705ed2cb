// The one way a model is loaded, by `check`, `simulate`, `gate`, `necessity` and the library:
// a built-in model's name, or the path of a module (.ts, .mts, .cts, .js, .mjs, .cjs, in an
// ES module or a CommonJS project) whose default export (or export named `model`) is a model.
// The module is imported where it lies, so `immutable` and `migcheck` resolve from the model's
// own project, as for any of its imports. What goes wrong is one paragraph saying what to do.

import { existsSync, statSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Model } from '../api/model.ts';
import { checkDeclarations } from '../engine/constants.ts';
import { checkModelShape } from '../engine/model-shape.ts';
import type { ModelSource } from '../engine/instance.ts';
import { EXIT, UserError } from '../errors.ts';
import { importModule } from './import-module.ts';

/** Models known by name (the CLI's built-ins), with where worker threads import each from. */
export interface ModelRegistry {
  readonly models: { readonly [name: string]: Model };
  readonly source: (name: string) => ModelSource;
}

const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

// Where each loaded model came from, so that worker threads (--workers) can import it too.
const sources = new WeakMap<Model, ModelSource>();

/** The module a model was loaded from (by `loadModel`), if known. */
export const sourceOf = (model: Model): ModelSource | undefined => sources.get(model);

const loadError = (message: string) => new UserError(message, EXIT.loadModel);

/**
 * Load the model `ref`: a name in `registry`, else a module path resolved against `base`
 * (default: the working directory). Errors are UserErrors with exit code 150.
 */
export async function loadModel(ref: string, opts: { readonly base?: string; readonly registry?: ModelRegistry } = {}): Promise<Model> {
  const registry = opts.registry;
  if (registry && Object.hasOwn(registry.models, ref)) {
    const model = registry.models[ref];
    sources.set(model, registry.source(ref));
    return model;
  }
  const file = resolve(opts.base ?? process.cwd(), ref);
  const builtins = registry ? ` a built-in model (${Object.keys(registry.models).join(', ')}) nor` : '';
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw loadError(`Cannot load model ${ref}: it is neither${builtins} an existing file (looked for ${file}).`);
  }
  if (!EXTENSIONS.includes(extname(file))) {
    throw loadError(`Cannot load model ${file}: a model is a module named ${EXTENSIONS.join(', ')}.`);
  }
  const url = pathToFileURL(file).href;
  let mod: unknown;
  try {
    mod = await importModule(url);
  } catch (e) {
    throw loadError(`Cannot load model ${file}: ${whyImportFailed(e, file)}`);
  }
  const found = modelExport(mod);
  if (!found) {
    throw loadError(`Cannot load model ${file}: it exports no model; export one with \`export default defineModel({ name, constants, init, spec })\` (or \`export const model = ...\`).`);
  }
  try {
    checkModelShape(found.model);
    checkDeclarations(found.model);
  } catch (e) {
    throw loadError(`Cannot load model ${file}: ${(e as Error).message}`);
  }
  sources.set(found.model, { url, exportPath: found.path });
  return found.model;
}

/**
 * The model a module exports, and the property path to it: the default export, or `model`;
 * from a CommonJS module compiled from `export default`, the default's own `default`.
 */
export function modelExport(mod: unknown): { model: Model; path: string[] } | null {
  const ns = mod as { readonly [k: string]: unknown } | null;
  const candidates: string[][] = [['default'], ['model'], ['default', 'default'], ['default', 'model']];
  for (const path of candidates) {
    let v: unknown = ns;
    for (const k of path) v = typeof v === 'object' && v !== null && Object.hasOwn(v, k) ? (v as { [k: string]: unknown })[k] : undefined;
    if (looksLikeModel(v)) return { model: v as Model, path };
  }
  return null;
}

// A candidate export: an object with a name and a spec; checkModelShape then says what else is wrong.
const looksLikeModel = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as Model).spec === 'function';

/** One paragraph on why importing the model failed, with what to do about the usual causes. */
function whyImportFailed(e: unknown, file: string): string {
  const err = e as { code?: string; message?: string } | null;
  const first = String(err?.message ?? e).split('\n')[0];
  const missing = /Cannot find (?:package|module) '([^']+)'/.exec(first)?.[1];
  if (missing !== undefined && !missing.startsWith('.') && !missing.startsWith('/')) {
    const pkg = missing.startsWith('@') ? missing.split('/').slice(0, 2).join('/') : missing.split('/')[0];
    return `it imports ${pkg}, which is not installed where the model is (looked from ${dirname(file)}). Install it in the model's project: npm install ${pkg === 'migcheck' ? 'migcheck immutable' : pkg}.`;
  }
  if (/require\(\) (?:of )?ES Module|ERR_REQUIRE_ESM|ERR_REQUIRE_CYCLE_MODULE|ERR_REQUIRE_ASYNC_MODULE/.test(`${err?.code ?? ''} ${first}`)) {
    return `importing it failed: ${first} A model in a CommonJS project loads as CommonJS; name it .mts (or .mjs), or set "type": "module" in its package.json.`;
  }
  if (e instanceof SyntaxError || /SyntaxError|Transform failed/.test(first)) return `it does not parse: ${first}`;
  return `importing it failed: ${first}`;
}
