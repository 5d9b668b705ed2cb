// The built-in models, by the name `migcheck check <name>` and `migcheck list` know them.
import type { Model } from '../src/api/model.ts';
import diehard from './examples/diehard.ts';
import twophase from './examples/twophase.ts';
import migration from './migration/model.ts';

export const builtinModels: { readonly [name: string]: Model } = {
  diehard,
  twophase,
  migration,
};
