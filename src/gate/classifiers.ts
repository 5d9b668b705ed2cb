// Where the gate finds a model's counterexample classifier: the model's own
// `classifyCounterexample`, else the one the project ships for a built-in model (the
// migration model's classifier lives in src/necessity, next to the report that uses it).

import type { Model } from '../api/model.ts';
import type { Trace } from '../engine/trace.ts';
import { classify } from '../necessity/classify.ts';
import type { Mig } from '../../model/migration/state.ts';

export type Classifier = (trace: Trace<unknown>['states'], property: string, constants: object) => string | undefined;

const shipped: { readonly [model: string]: Classifier } = {
  migration: (states, property) => classify(property, { states: states as Trace<Mig>['states'] })?.case,
};

/** The classifier for `model`, its class names normalised to the manifest's (`before query` → `before-query`). */
export function classifierFor(model: Model): Classifier | undefined {
  const own = model.classifyCounterexample as Classifier | undefined;
  const c = own ?? (Object.hasOwn(shipped, model.name) ? shipped[model.name] : undefined);
  return c && ((states, property, constants) => c(states, property, constants)?.replace(/\s+/g, '-'));
}
