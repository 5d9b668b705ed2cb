// One benchmark workload in its own process, so that its peak RSS is its own. Compiled per
// checkout by bench/compile.ts (`#root` is the checkout) and run as
// `node <dir>/workload.mjs <json>`. Prints one JSON line.
//
// It checks through the public API, `loadModel` and `checkModel` (src/api/check.ts), as a
// library user does. A checkout older than that API (compiled with `--against`: a module it
// lacks compiles to an empty one) is run through the engine internals it had, `Instance` and
// `explore`.

import * as api from '#root/src/index.ts';
import * as instances from '#root/src/engine/instance.ts';
import * as search from '#root/src/engine/search/explore.ts';
import * as gc from '#root/src/cli/gc.ts';

interface Spec {
  model: string;
  constants: { [k: string]: unknown };
  checkDeadlock: boolean;
  invariants?: string[];
  symmetry?: boolean;
  workers?: number;
}
interface Found {
  status: string;
  distinct: number;
  generated: number;
  depth: number;
  tableBytes?: number;
}
// What this code needs of either API, whatever the checkout's own types say.
interface PublicApi {
  loadModel?: (ref: string, opts: { registry: { models: { [name: string]: unknown }; source: (name: string) => { url: string; exportPath: string[] } } }) => Promise<unknown>;
  checkModel?: (model: unknown, opts: object) => Promise<Found>;
}
interface Internals {
  Instance?: { create: (model: never, constants: object, source: object) => unknown };
  explore?: (inst: unknown, opts: object) => Promise<Found>;
}

const [json] = process.argv.slice(2);
const w = JSON.parse(json) as Spec;

// As the CLI does, where the checkout has it.
(gc as { tuneGarbageCollector?: () => void }).tuneGarbageCollector?.();
// The models' bundle beside this one: worker threads (--workers) import it too.
const modelsUrl = new URL('./models.mjs', import.meta.url).href;
const { models } = (await import(modelsUrl)) as { models: { [name: string]: unknown } };
if (!models[w.model]) {
  console.error(`model ${w.model} is not in this checkout`);
  process.exit(2);
}

const { loadModel, checkModel } = api as PublicApi;
const { Instance } = instances as Internals;
const { explore } = search as Internals;
let run: () => Promise<Found>;
if (loadModel && checkModel) {
  // A registry of the bench's models, so that worker threads import the same bundle.
  const model = await loadModel(w.model, { registry: { models, source: (name) => ({ url: modelsUrl, exportPath: ['models', name] }) } });
  run = () => checkModel(model, { constants: w.constants, checkDeadlock: w.checkDeadlock, invariants: w.invariants, symmetry: w.symmetry, workers: w.workers });
} else if (Instance && explore) {
  const inst = Instance.create(models[w.model] as never, w.constants, { url: modelsUrl, exportPath: ['models', w.model] });
  run = () => explore(inst, { checkDeadlock: w.checkDeadlock, invariants: w.invariants, symmetry: w.symmetry, workers: w.workers });
} else {
  console.error('this checkout has neither checkModel nor Instance and explore');
  process.exit(2);
}

const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const r = await run();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
// CPU time (user + system, all threads incl. GC) is far less disturbed than wall time when
// other processes share the cores.
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
// The whole process's CPU time too (Node's start, loading the bundle and the model, the
// search): what a user's run costs, as the reference tools' figures are.
const all = process.cpuUsage();
const processCpuMs = (all.user + all.system) / 1000;
// maxRSS is in kilobytes.
const peakRss = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ status: r.status, distinct: r.distinct, generated: r.generated, depth: r.depth, ms, cpuMs, processCpuMs, peakRss, tableBytes: r.tableBytes }));
