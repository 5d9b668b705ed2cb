// The models the workloads explore, bundled per checkout by bench/compile.ts (`#root` is that
// checkout). Worker threads import them from the same bundle, as the CLI's import dist/models.mjs.
// Each is imported whole (`* as`): a module the checkout lacks (a bench model newer than it)
// compiles to an empty one, and its workloads are skipped.
import * as diehard from '#root/model/examples/diehard.ts';
import * as twophase from '#root/model/examples/twophase.ts';
import * as migration from '#root/model/migration/model.ts';
import * as counters from '#root/bench/synthetic.ts';
import * as lamportMutex from '#root/bench/models/lamport-mutex.ts';
import * as simpleRegular from '#root/bench/models/simple-regular.ts';

type AnyModel = { spec: (c: never) => object };

/**
 * The model as the bench explores it: the breadth-first search and the invariants it names,
 * without temporal properties or reachability checks (TLC's rows check neither), and with
 * `invariants: false` without invariants either. (checkModel reads an empty list of names as
 * "all", so dropping them from the model is the way to check none.)
 */
function searchOnly(module: { default?: unknown }, opts: { invariants?: boolean } = {}): AnyModel | undefined {
  const m = module.default as AnyModel | undefined;
  if (!m) return undefined;
  return {
    ...m,
    spec: (c: never) => ({
      ...m.spec(c),
      properties: {},
      reachable: {},
      fairness: [],
      ...(opts.invariants === false ? { invariants: {} } : {}),
    }),
  };
}

export const models = {
  diehard: searchOnly(diehard),
  twophase: searchOnly(twophase),
  // Without invariants: the committed design violates some, and the bench explores it all.
  migration: searchOnly(migration, { invariants: false }),
  counters: searchOnly(counters),
  'lamport-mutex': searchOnly(lamportMutex),
  'simple-regular': searchOnly(simpleRegular),
};
