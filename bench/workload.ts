// One benchmark workload in its own process, so that its peak RSS is its own. Compiled per
// checkout by bench/compile.ts (`#root` is the checkout) and run as
// `node <dir>/workload.mjs <json>`. Prints one JSON line.

import { Instance } from '#root/src/engine/instance.ts';
import { explore } from '#root/src/engine/explore.ts';
import * as gc from '#root/src/cli/gc.ts';

const [spec] = process.argv.slice(2);
const w = JSON.parse(spec) as { model: string; constants: { [k: string]: unknown }; checkDeadlock: boolean; invariants?: string[]; symmetry?: boolean; workers?: number };

// As the CLI does, where the checkout has it.
(gc as { tuneGarbageCollector?: () => void }).tuneGarbageCollector?.();
// The models' bundle beside this one: worker threads (--workers) import it too.
const modelsUrl = new URL('./models.mjs', import.meta.url).href;
const { models } = (await import(modelsUrl)) as { models: { [name: string]: unknown } };
const inst = Instance.create(models[w.model] as never, w.constants, { url: modelsUrl, exportPath: ['models', w.model] });
const t0 = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const r = await explore(inst, { checkDeadlock: w.checkDeadlock, invariants: w.invariants, symmetry: w.symmetry, workers: w.workers });
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
// CPU time (user + system, all threads incl. GC) is far less disturbed than wall time when
// other processes share the cores.
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
// maxRSS is in kilobytes.
const peakRss = process.resourceUsage().maxRSS * 1024;
console.log(JSON.stringify({ status: r.status, distinct: r.distinct, generated: r.generated, depth: r.depth, ms, cpuMs, peakRss, tableBytes: r.tableBytes }));
