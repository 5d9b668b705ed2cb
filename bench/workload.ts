// One benchmark workload in its own process, so that its peak RSS is its own. Run as
// `node --import tsx bench/workload.ts <root> <json>`: the engine and models are loaded from
// `<root>` (this checkout, or another one to compare against). Prints one JSON line.

import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

const [root, spec] = process.argv.slice(2);
const w = JSON.parse(spec) as { model: string; file: string; constants: { [k: string]: unknown }; checkDeadlock: boolean; invariants?: string[]; symmetry?: boolean; workers?: number };
const load = async (p: string) => import(pathToFileURL(join(root, p)).href);

const { Instance } = await load('src/engine/instance.ts');
const { explore } = await load('src/engine/explore.ts');
const model = (await load(w.file)).default;
// Where worker threads (--workers) import the model from.
const source = { url: pathToFileURL(join(root, w.file)).href, exportPath: ['default'] };
const inst = Instance.create(model, w.constants, source);
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
