// The built-in models, by the name `migcheck check <name>` and `migcheck list` know them.
import type { Model } from '../src/api/model.ts';
import type { ModelSource } from '../src/engine/instance.ts';
import diehard from './examples/diehard.ts';
import peterson from './examples/peterson.ts';
import tcommit from './examples/tcommit.ts';
import twophase from './examples/twophase.ts';
import river from './examples/river.ts';
import hanoi from './examples/hanoi.ts';
import migration from './migration/model.ts';

export const builtinModels: { readonly [name: string]: Model } = {
  diehard,
  peterson,
  twophase,
  tcommit,
  river,
  hanoi,
  migration,
};

// This module, or in the compiled CLI (whose bundle this code is part of) its own bundle,
// dist/models.mjs: see scripts/build.mjs.
const registry = import.meta.url.endsWith('.ts') ? import.meta.url : new URL('./models.mjs', import.meta.url).href;

/** Where a worker thread imports the built-in model `name` from. */
export const builtinSource = (name: string): ModelSource => ({ url: registry, exportPath: ['builtinModels', name] });
