// `<model>` on the command line: a built-in model's name, or the path of a module (.ts or
// .js) whose default export is a model from `defineModel`.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinModels, builtinSource } from '../../model/index.ts';
import type { Model } from '../api/model.ts';
import { checkDeclarations } from '../engine/constants.ts';
import { importModule } from '../engine/import-module.ts';
import type { ModelSource } from '../engine/instance.ts';
import { EXIT, UserError } from '../errors.ts';

const loadError = (message: string) => new UserError(message, EXIT.loadModel);

function isModel(m: unknown): m is Model {
  const x = m as Model | null;
  return typeof x === 'object' && x !== null && typeof x.name === 'string' && typeof x.spec === 'function' && typeof x.constants === 'object';
}

/** The model, and where worker threads can import it from; its constant declarations are checked (else exit 150). */
export async function loadModel(nameOrPath: string): Promise<{ model: Model; source: ModelSource }> {
  const loaded = await importModel(nameOrPath);
  checkDeclarations(loaded.model);
  return loaded;
}

async function importModel(nameOrPath: string): Promise<{ model: Model; source: ModelSource }> {
  const builtin = Object.hasOwn(builtinModels, nameOrPath) ? builtinModels[nameOrPath] : undefined;
  if (builtin) return { model: builtin, source: builtinSource(nameOrPath) };
  const file = resolve(nameOrPath);
  if (!existsSync(file)) {
    throw loadError(
      `Cannot load model ${nameOrPath}: it is neither a built-in model (${Object.keys(builtinModels).join(', ')}) nor an existing file (looked for ${file}).`,
    );
  }
  let mod: { default?: unknown };
  const url = pathToFileURL(file).href;
  try {
    mod = (await importModule(url)) as { default?: unknown };
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    // Outside an ESM package a .ts file loads as CommonJS, which cannot import the ESM API.
    const hint = /require\(\) ES Module/.test(why)
      ? ' Models are ES modules: put the file in a package whose package.json has "type": "module", or name it .mts.'
      : '';
    throw loadError(`Cannot load model ${file}: importing it failed: ${why}${hint}`);
  }
  if (!isModel(mod.default)) {
    throw loadError(`Cannot load model ${file}: its default export is not a model; export one with \`export default defineModel({ name, constants, spec })\`.`);
  }
  return { model: mod.default, source: { url, exportPath: ['default'] } };
}
