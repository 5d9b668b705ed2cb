// The benchmark suite (`npm run bench`): fixed workloads, each explored in a child process
// so that its peak resident memory is its own, from the checkout compiled as the CLI is
// (bench/compile.ts). Prints a table and writes bench/results.json.
//
//   --only A,B       only the workloads whose name contains A or B
//   --quick          the smallest workloads only (for CI)
//   --against DIR    also run every workload with the engine and models of checkout DIR
//                    (e.g. `git worktree add /tmp/base HEAD~1`), reporting time and memory
//                    ratios. Both run in the same session, so machine noise affects both alike.
//   --repeat N       run every workload N times (with --against, the two checkouts in turn,
//                    alternating which goes first) and report the median of each figure: on
//                    a shared machine one run can be 20% off
//   --flags "F"      node flags for this checkout's runs (e.g. "--max-semi-space-size=32")
//   --against-flags "F"  node flags for the comparison runs; without --against, this
//                    checkout is compared with itself under these flags
//
// Expected counts are TLC's; a mismatch is reported and makes the exit code 1.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCheckout } from './compile.ts';

interface Workload {
  name: string;
  model: string;
  file: string;
  constants: { [k: string]: unknown };
  checkDeadlock: boolean;
  /** The invariants to check (default all). */
  invariants?: string[];
  quick: boolean;
  /** True to apply the symmetry the model declares (off by default, as in TLC). */
  symmetry?: boolean;
  /** Worker threads (default 1: the sequential search). */
  workers?: number;
  /** For a symmetry workload: the workload without symmetry, to report the reduction factor. */
  reductionOf?: string;
  expect?: { distinct: number; generated?: number; depth?: number };
  /** 'spin': a Promela model run by SPIN's compiled verifier, the same on every checkout (a
   * reference measured in the same session; skipped where `spin` or `gcc` is missing). */
  engine?: 'spin';
  /** For a reference workload: ours on the same state space, to report time ratios. */
  referenceFor?: string[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const workloads: Workload[] = [
  { name: 'diehard', model: 'diehard', file: 'model/examples/diehard.ts', constants: {}, checkDeadlock: false, invariants: ['TypeOK'], quick: true, expect: { distinct: 16, generated: 97, depth: 8 } },
  { name: 'twophase-5', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 5 }, checkDeadlock: false, quick: true, expect: { distinct: 8832, generated: 58146, depth: 17 } },
  { name: 'twophase-7', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 7 }, checkDeadlock: false, quick: false },
  { name: 'twophase-8', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 8 }, checkDeadlock: false, quick: false, expect: { distinct: 1745408, generated: 18507778 } },
  { name: 'twophase-8-w2', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 8 }, checkDeadlock: false, workers: 2, quick: false, expect: { distinct: 1745408, generated: 18507778 } },
  // One state per orbit of the 8! RM permutations, canonicalised by the RMs' signatures.
  { name: 'twophase-8-sym', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 8 }, checkDeadlock: false, symmetry: true, quick: false, reductionOf: 'twophase-8' },
  // SPIN's compiled C verifier on the same state space (`apt-get install spin`): the issue's
  // reference, measured here. Its depth is that of its depth-first search.
  { name: 'spin-twophase-8', engine: 'spin', model: 'twophase', file: 'bench/spin/twophase.pml', constants: { rms: 8 }, checkDeadlock: false, quick: false, referenceFor: ['twophase-8', 'twophase-8-w2'], expect: { distinct: 1745408, generated: 18507778 } },
  // TLC: 10,340,352 distinct states, about 500 s; the target is 3 minutes and 1 GB.
  { name: 'twophase-9-w2', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 9 }, checkDeadlock: false, workers: 2, quick: false, expect: { distinct: 10340352 } },
  // 8^7 = 2,097,152 distinct; 7 successors each, plus the initial state.
  { name: 'counters-8^7', model: 'counters', file: 'bench/synthetic.ts', constants: { n: 7, mod: 8 }, checkDeadlock: false, quick: false, expect: { distinct: 8 ** 7, generated: 7 * 8 ** 7 + 1, depth: 50 } },
  // No invariants: the committed variant violates some, and a benchmark must explore it all.
  { name: 'migration-6p-3mce', model: 'migration', file: 'model/migration/model.ts', constants: { pages: 6, maxMce: 3 }, checkDeadlock: false, invariants: [], quick: false },
  { name: 'migration-8p-3mce', model: 'migration', file: 'model/migration/model.ts', constants: { pages: 8, maxMce: 3 }, checkDeadlock: false, invariants: [], quick: false },
];

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = opt('--only');
const quick = args.includes('--quick');
const repeat = Math.max(1, Number(opt('--repeat') ?? 1));
const flags = opt('--flags')?.split(' ').filter(Boolean) ?? [];
const againstFlags = opt('--against-flags')?.split(' ').filter(Boolean) ?? [];
const against = opt('--against') ?? (opt('--against-flags') !== undefined ? root : undefined);

interface Measured {
  status: string;
  distinct: number;
  generated: number;
  depth: number;
  ms: number;
  cpuMs: number;
  peakRss: number;
  tableBytes: number;
}

// Each checkout compiled once, as the CLI is (see bench/compile.ts).
const compiled = new Map<string, Promise<string>>();

/**
 * SPIN on `w`'s Promela model: generate and compile the verifier once, then time one run.
 * Its counts are pan's own: states stored and transitions (TLC's distinct and generated,
 * when each action is one d_step) and depth reached; its memory report stands for the peak,
 * and the wall time timed here for the CPU time too (pan runs on one thread).
 */
function runSpin(w: Workload): Measured | { error: string } {
  const n = Number(w.constants.rms);
  const dir = join(root, 'bench/.build', `spin-${n}`);
  const sh = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 22 });
  const pan = join(dir, 'pan');
  // Generated anew when the Promela model is newer than the verifier made from it.
  if (!existsSync(pan) || statSync(pan).mtimeMs < statSync(join(root, w.file)).mtimeMs) {
    mkdirSync(dir, { recursive: true });
    const gen = sh('spin', [`-DN=${n}`, '-a', join(root, w.file)]);
    if (gen.error || gen.status !== 0) return { error: `spin not available (apt-get install spin): ${gen.error?.message ?? gen.stderr.trim()}` };
    // Safety checking only, as TLC's run: no deadlock (invalid end state) checks are needed.
    const cc = sh('gcc', ['-O2', '-DSAFETY', '-o', 'pan', 'pan.c']);
    if (cc.error || cc.status !== 0) return { error: `cannot compile SPIN's verifier: ${cc.error?.message ?? cc.stderr.trim()}` };
  }
  const t0 = process.hrtime.bigint();
  // A hash table of 2^21 slots (~ the state count); SPIN's default, 2^24, takes 247 MB for TwoPhase 8 at the same speed.
  const run = sh('./pan', ['-m100000', '-w21']);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const num = (re: RegExp) => Number(re.exec(run.stdout)?.[1]);
  const distinct = num(/(\d+) states, stored/), generated = num(/(\d+) transitions/), depth = num(/depth reached (\d+)/);
  if (run.status !== 0 || !/errors: 0/.test(run.stdout) || !Number.isFinite(distinct)) return { error: `pan failed: ${run.stdout.trim().split('\n').slice(-3).join(' ')}` };
  const mbytes = num(/([\d.]+)\s+total actual memory usage/);
  return { status: 'ok', distinct, generated, depth, ms, cpuMs: ms, peakRss: mbytes * 2 ** 20, tableBytes: 0 };
}

async function runOne(checkout: string, w: Workload, nodeFlags: string[]): Promise<Measured | { error: string }> {
  if (w.engine === 'spin') return runSpin(w);
  if (!existsSync(join(checkout, w.file))) return { error: `${w.file} not in ${checkout}` };
  if (!compiled.has(checkout)) compiled.set(checkout, compileCheckout(root, checkout));
  let dir: string;
  try {
    dir = await compiled.get(checkout)!;
  } catch (e) {
    return { error: `cannot compile ${checkout}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  const p = spawnSync(process.execPath, [...nodeFlags, join(dir, 'workload.mjs'), JSON.stringify(w)], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (p.status !== 0) return { error: (p.stderr || `exit ${p.status}`).trim().split('\n').slice(-3).join(' ') };
  return JSON.parse(p.stdout.trim().split('\n').pop()!) as Measured;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Several runs of one workload as one: the median of each figure (the counts must agree). */
function combine(runs: (Measured | { error: string })[]): Measured | { error: string } {
  const bad = runs.find((r) => 'error' in r);
  if (bad) return bad;
  const ok = runs as Measured[];
  if (ok.some((r) => r.distinct !== ok[0].distinct || r.generated !== ok[0].generated)) return { error: 'counts differ between repeated runs' };
  return { ...ok[0], ms: median(ok.map((r) => r.ms)), cpuMs: median(ok.map((r) => r.cpuMs)), peakRss: median(ok.map((r) => r.peakRss)) };
}

/** Run `w` `repeat` times in this checkout and, if asked, in the other one, in turn. */
async function measure(w: Workload): Promise<{ m: Measured | { error: string }; base?: Measured | { error: string } }> {
  const mine: (Measured | { error: string })[] = [];
  const theirs: (Measured | { error: string })[] = [];
  // SPIN's run does not depend on the checkout: nothing to compare.
  const compare = against !== undefined && w.engine === undefined;
  for (let r = 0; r < repeat; r++) {
    // Alternate which goes first, so that a drift in machine speed affects both alike.
    if (compare && r % 2 === 1) theirs.push(await runOne(resolve(against), w, againstFlags));
    mine.push(await runOne(root, w, flags));
    if (compare && r % 2 === 0) theirs.push(await runOne(resolve(against), w, againstFlags));
  }
  return { m: combine(mine), base: compare ? combine(theirs) : undefined };
}

const selected = workloads.filter((w) => (!only || only.split(',').some((o) => w.name.includes(o))) && (!quick || w.quick));
const results: object[] = [];
const rows: string[][] = [];
let mismatch = false;
const mb = (b: number) => (b / 2 ** 20).toFixed(0);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');

for (const w of selected) {
  const { m, base } = await measure(w);
  if ('error' in m) {
    console.error(`${w.name}: skipped (${m.error})`);
    results.push({ name: w.name, skipped: m.error });
    continue;
  }
  const bad = w.expect && (m.distinct !== w.expect.distinct || (w.expect.generated !== undefined && m.generated !== w.expect.generated) || (w.expect.depth !== undefined && m.depth !== w.expect.depth));
  if (bad) {
    mismatch = true;
    console.error(`${w.name}: counts ${m.distinct}/${m.generated}/${m.depth} differ from the expected ${JSON.stringify(w.expect)}`);
  }
  const row = [
    w.name,
    m.distinct.toLocaleString('en-US'),
    m.generated.toLocaleString('en-US'),
    String(m.depth),
    (m.ms / 1000).toFixed(2),
    (m.cpuMs / 1000).toFixed(2),
    rate(m.generated, m.ms),
    rate(m.distinct, m.ms),
    mb(m.peakRss),
    (m.peakRss / m.distinct).toFixed(0),
  ];
  const entry: { [k: string]: unknown } = { name: w.name, ...m, generatedPerSec: m.generated / (m.ms / 1000), distinctPerSec: m.distinct / (m.ms / 1000), bytesPerDistinct: m.peakRss / m.distinct };
  if (base) {
    if ('error' in base) {
      row.push('-', '-', '-');
      entry.against = { error: base.error };
    } else {
      // Ratios are baseline / this: > 1 means this checkout is faster or smaller.
      row.push((base.ms / m.ms).toFixed(2), (base.cpuMs / m.cpuMs).toFixed(2), (base.peakRss / m.peakRss).toFixed(2));
      entry.against = { ...base, speedup: base.ms / m.ms, cpuSpeedup: base.cpuMs / m.cpuMs, memoryRatio: base.peakRss / m.peakRss };
      if (base.distinct !== m.distinct || base.generated !== m.generated) console.error(`${w.name}: counts differ from ${against}`);
    }
  } else if (against) row.push('-', '-', '-');
  rows.push(row);
  results.push(entry);
  console.error(`${w.name}: done`);
}

const head = ['workload', 'distinct', 'generated', 'depth', 'time s', 'cpu s', 'gen/s', 'distinct/s', 'peak MB', 'B/distinct'];
if (against) head.push('speedup', 'cpu speedup', 'mem ratio');
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
if (repeat > 1) console.log(`(medians of ${repeat} runs each)`);
if (against) console.log(`(ratios: ${against} ${againstFlags.join(' ')} / this checkout ${flags.join(' ')}, measured in the same run)`);
for (const w of selected.filter((x) => x.reductionOf)) {
  const reduced = results.find((r) => (r as { name: string }).name === w.name) as { distinct?: number } | undefined;
  const full = results.find((r) => (r as { name: string }).name === w.reductionOf) as { distinct?: number } | undefined;
  if (!reduced?.distinct || !full?.distinct) continue;
  const factor = full.distinct / reduced.distinct;
  (reduced as { [k: string]: unknown }).reduction = factor;
  console.log(`${w.name}: symmetry keeps ${reduced.distinct.toLocaleString('en-US')} of ${w.reductionOf}'s ${full.distinct.toLocaleString('en-US')} states (${factor.toFixed(0)}x fewer)`);
}

for (const w of selected.filter((x) => x.referenceFor)) {
  const ref = results.find((r) => (r as { name: string }).name === w.name) as { ms?: number } | undefined;
  for (const name of w.referenceFor!) {
    const ours = results.find((r) => (r as { name: string }).name === name) as { ms?: number; [k: string]: unknown } | undefined;
    if (!ref?.ms || !ours?.ms) continue;
    ours.timeOverReference = ours.ms / ref.ms;
    console.log(`${name}: ${(ours.ms / ref.ms).toFixed(2)}x the wall time of ${w.name}, measured in this run`);
  }
}

const machine = { nproc: cpus().length, cpu: cpus()[0]?.model, node: process.version };
writeFileSync(join(root, 'bench/results.json'), JSON.stringify({ date: new Date().toISOString(), machine, against: against ?? null, flags, againstFlags, repeat, results }, null, 2) + '\n');
process.exit(mismatch ? 1 : 0);
