// The built-in models as a registry for the loader: the CLI (with the model index) is the only
// part of src/ that knows model/.
import { builtinModels, builtinSource } from '../../model/index.ts';
import type { ModelRegistry } from '../load/load-model.ts';

export const BUILTINS: ModelRegistry = { models: builtinModels, source: builtinSource };
