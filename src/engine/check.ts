// The pipeline from an instantiated model to a verdict: breadth-first safety search, then
// (when the model has temporal properties) the liveness phase on the recorded graph.
// Every front end (CLI check, necessity, gate, tests) runs checks through here.

import { explore, type CheckResult, type ExploreOptions } from './explore.ts';
import type { Instance } from './instance.ts';

export interface CheckOptions<S> extends ExploreOptions<S> {
  /** Names of the temporal properties to check (default all the model declares). */
  readonly properties?: readonly string[];
}

export async function check<S>(inst: Instance<S>, opts: CheckOptions<S> = {}): Promise<CheckResult<S>> {
  return explore(inst, opts);
}
