// The models the workloads explore, bundled per checkout by bench/compile.ts (`#root` is that
// checkout). Worker threads import them from the same bundle, as the CLI's import dist/models.mjs.
import diehard from '#root/model/examples/diehard.ts';
import twophase from '#root/model/examples/twophase.ts';
import migration from '#root/model/migration/model.ts';
import counters from '#root/bench/synthetic.ts';

export const models = { diehard, twophase, migration, counters };
