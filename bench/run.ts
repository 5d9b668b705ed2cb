// The benchmark suite (`npm run bench`): fixed workloads, each explored in a child process
// so that its peak resident memory is its own, from the checkout compiled as the CLI is
// (bench/compile.ts). Prints a table, the issue's goals as met or not in this run, and writes
// bench/results.json.
//
//   --only A,B       only the workloads whose name contains A or B
//   --quick          the smallest workloads only (for CI)
//   --against DIR    also run every workload with the engine and models of checkout DIR
//                    (e.g. `git worktree add ../base HEAD~1`), reporting time and memory
//                    ratios. Both run in the same session, so machine noise affects both alike.
//                    A workload whose model DIR does not have is skipped there.
//   --repeat N       run every workload N times (with --against, the two checkouts in turn,
//                    alternating which goes first) and report the median of each figure: on
//                    a shared machine one run can be 20% off
//   --flags "F"      node flags for this checkout's runs (e.g. "--max-semi-space-size=32")
//   --against-flags "F"  node flags for the comparison runs; without --against, this
//                    checkout is compared with itself under these flags
//   --profile        run each of our one-worker workloads once more under V8's CPU profiler
//                    and split its CPU time: the model's own code (with the Immutable.js work it
//                    does), the garbage collector, the engine (bench/profile.ts). Each goal
//                    against TLC or SPIN then also shows the best ratio any engine could reach:
//                    the one measured were the engine and the collector free
//
// References measured in the same run, on the same state spaces (skipped, with a message,
// where the tool is missing):
//   TLC    the `tlc-*` rows, from the TLA+ in bench/tla/, where the environment variable
//          TLC_JAR names tla2tools.jar (TLC 2.18; Java 11 or later on the PATH). One worker.
//   SPIN   the `spin-*` rows, from the Promela in bench/spin/, where `spin` and `gcc` are
//          installed (`apt-get install spin`).
// Their CPU time (user + system, every thread of the process) and peak RSS are measured by
// GNU time (/usr/bin/time; `apt-get install time`).
//
// Expected counts are TLC's (each workload says where they come from); a mismatch, or a
// reference whose counts differ from ours, is reported and makes the exit code 1.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCheckout } from './compile.ts';
import { sharesOf, type Shares } from './profile.ts';

interface Workload {
  name: string;
  model: string;
  /** The model's module (for `engine: 'tlc'`, the TLA+ module; for 'spin', the Promela model). */
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
  /** For a workload on several workers: the same on one, to report the speed-up (wall time). */
  speedupOf?: string;
  expect?: { distinct: number; generated?: number; depth?: number };
  /** Where the expected counts come from: the TLC run that measured them. */
  expectFrom?: string;
  /**
   * A reference tool on the same state space, the same on every checkout:
   * 'spin' runs SPIN's compiled verifier on the Promela model `file`;
   * 'tlc' runs TLC on the TLA+ module `file` with the configuration `cfg`.
   */
  engine?: 'spin' | 'tlc';
  /** For 'tlc': the .cfg file. */
  cfg?: string;
  /** For a reference workload: ours on the same state space, to report ratios. */
  referenceFor?: string[];
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** How TLC is run (one worker; recorded with the figures in docs/performance.md). */
const TLC_JVM_FLAGS = ['-XX:+UseParallelGC', '-Xmx1g'];
const tlcCommand = (w: Workload) =>
  `java ${TLC_JVM_FLAGS.join(' ')} -cp $TLC_JAR tlc2.TLC -workers 1${w.checkDeadlock ? '' : ' -deadlock'} -config ${basename(w.cfg!)} ${basename(w.file)}`;

// Each `expectFrom` is the TLC 2.18 run that gave the expected counts, run as tlcCommand does
// (`-metadir` in a temporary directory) on the named bench/tla/ files.
const workloads: Workload[] = [
  { name: 'diehard', model: 'diehard', file: 'model/examples/diehard.ts', constants: {}, checkDeadlock: false, invariants: ['TypeOK'], quick: true, expect: { distinct: 16, generated: 97, depth: 8 } },
  { name: 'twophase-5', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 5 }, checkDeadlock: false, quick: true, expect: { distinct: 8832, generated: 58146, depth: 17 }, expectFrom: 'TwoPhase5.cfg: 8,832 distinct, 58,146 generated, depth 17' },
  { name: 'tlc-twophase-5', engine: 'tlc', model: 'twophase', file: 'bench/tla/TwoPhase.tla', cfg: 'bench/tla/TwoPhase5.cfg', constants: {}, checkDeadlock: false, quick: true, referenceFor: ['twophase-5'], expect: { distinct: 8832, generated: 58146, depth: 17 } },
  { name: 'twophase-7', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 7 }, checkDeadlock: false, quick: false },
  { name: 'twophase-8', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 8 }, checkDeadlock: false, quick: false, expect: { distinct: 1745408, generated: 18507778, depth: 26 }, expectFrom: 'TwoPhase.cfg: 1,745,408 distinct, 18,507,778 generated, depth 26' },
  { name: 'tlc-twophase-8', engine: 'tlc', model: 'twophase', file: 'bench/tla/TwoPhase.tla', cfg: 'bench/tla/TwoPhase.cfg', constants: {}, checkDeadlock: false, quick: false, referenceFor: ['twophase-8'], expect: { distinct: 1745408, generated: 18507778, depth: 26 } },
  { name: 'twophase-8-w2', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 8 }, checkDeadlock: false, workers: 2, speedupOf: 'twophase-8', quick: false, expect: { distinct: 1745408, generated: 18507778, depth: 26 } },
  // One state per orbit of the 8! RM permutations, canonicalised by the RMs' signatures.
  { name: 'twophase-8-sym', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 8 }, checkDeadlock: false, symmetry: true, quick: false, reductionOf: 'twophase-8' },
  // SPIN's compiled C verifier on the same state space (`apt-get install spin`): the issue's
  // reference, measured here. Its depth is that of its depth-first search.
  { name: 'spin-twophase-8', engine: 'spin', model: 'twophase', file: 'bench/spin/twophase.pml', constants: { rms: 8 }, checkDeadlock: false, quick: false, referenceFor: ['twophase-8', 'twophase-8-w2'], expect: { distinct: 1745408, generated: 18507778 } },
  // TLC: 10,340,352 distinct states, about 500 s; the target is 3 minutes and 1 GB.
  { name: 'twophase-9-w2', model: 'twophase', file: 'model/examples/twophase.ts', constants: { rms: 9 }, checkDeadlock: false, workers: 2, quick: false, expect: { distinct: 10340352 } },
  // 8^7 = 2,097,152 distinct; 7 successors each, plus the initial state.
  { name: 'counters-8^7', model: 'counters', file: 'bench/synthetic.ts', constants: { n: 7, mod: 8 }, checkDeadlock: false, quick: false, expect: { distinct: 8 ** 7, generated: 7 * 8 ** 7 + 1, depth: 50 } },
  { name: 'counters-8^7-w2', model: 'counters', file: 'bench/synthetic.ts', constants: { n: 7, mod: 8 }, checkDeadlock: false, workers: 2, speedupOf: 'counters-8^7', quick: false, expect: { distinct: 8 ** 7, generated: 7 * 8 ** 7 + 1, depth: 50 } },
  // The committed design, crash on a broken read, no invariants (bench/models.ts): the bench
  // explores it all. bench/tla/Migration.tla is this configuration in TLA+.
  { name: 'migration-6p-3mce', model: 'migration', file: 'model/migration/model.ts', constants: { pages: 6, maxMce: 3 }, checkDeadlock: false, quick: false, expect: { distinct: 116670, generated: 224606, depth: 16 }, expectFrom: 'Migration6.cfg: 116,670 distinct, 224,606 generated, depth 16' },
  { name: 'tlc-migration-6p-3mce', engine: 'tlc', model: 'migration', file: 'bench/tla/Migration.tla', cfg: 'bench/tla/Migration6.cfg', constants: {}, checkDeadlock: false, quick: false, referenceFor: ['migration-6p-3mce'], expect: { distinct: 116670, generated: 224606, depth: 16 } },
  { name: 'migration-8p-3mce', model: 'migration', file: 'model/migration/model.ts', constants: { pages: 8, maxMce: 3 }, checkDeadlock: false, quick: false, expect: { distinct: 1296687, generated: 2611879, depth: 18 }, expectFrom: 'Migration.cfg: 1,296,687 distinct, 2,611,879 generated, depth 18' },
  { name: 'tlc-migration-8p-3mce', engine: 'tlc', model: 'migration', file: 'bench/tla/Migration.tla', cfg: 'bench/tla/Migration.cfg', constants: {}, checkDeadlock: false, quick: false, referenceFor: ['migration-8p-3mce'], expect: { distinct: 1296687, generated: 2611879, depth: 18 } },
  { name: 'migration-8p-3mce-w2', model: 'migration', file: 'model/migration/model.ts', constants: { pages: 8, maxMce: 3 }, checkDeadlock: false, workers: 2, speedupOf: 'migration-8p-3mce', quick: false, expect: { distinct: 1296687, generated: 2611879, depth: 18 } },
  // Models as a TLA+ user new to migcheck writes them (bench/models/), nothing tuned. Deadlock
  // is checked, as TLC's cfg of the TLA+ Examples does, with every invariant of that cfg.
  { name: 'lamport-mutex-2', model: 'lamport-mutex', file: 'bench/models/lamport-mutex.ts', constants: { N: 2, maxClock: 6 }, checkDeadlock: true, quick: true, expect: { distinct: 1043, generated: 2001, depth: 40 }, expectFrom: 'LamportMutex2.cfg: 1,043 distinct, 2,001 generated, depth 40' },
  { name: 'tlc-lamport-mutex-2', engine: 'tlc', model: 'lamport-mutex', file: 'bench/tla/LamportMutex.tla', cfg: 'bench/tla/LamportMutex2.cfg', constants: {}, checkDeadlock: true, quick: true, referenceFor: ['lamport-mutex-2'], expect: { distinct: 1043, generated: 2001, depth: 40 } },
  { name: 'lamport-mutex-3', model: 'lamport-mutex', file: 'bench/models/lamport-mutex.ts', constants: { N: 3, maxClock: 6 }, checkDeadlock: true, quick: false, expect: { distinct: 724274, generated: 2729079, depth: 61 }, expectFrom: 'LamportMutex.cfg (MCLamportMutex.cfg of the TLA+ Examples): 724,274 distinct, 2,729,079 generated, depth 61' },
  { name: 'tlc-lamport-mutex-3', engine: 'tlc', model: 'lamport-mutex', file: 'bench/tla/LamportMutex.tla', cfg: 'bench/tla/LamportMutex.cfg', constants: {}, checkDeadlock: true, quick: false, referenceFor: ['lamport-mutex-3'], expect: { distinct: 724274, generated: 2729079, depth: 61 } },
  { name: 'lamport-mutex-3-w2', model: 'lamport-mutex', file: 'bench/models/lamport-mutex.ts', constants: { N: 3, maxClock: 6 }, checkDeadlock: true, workers: 2, speedupOf: 'lamport-mutex-3', quick: false, expect: { distinct: 724274, generated: 2729079, depth: 61 } },
  { name: 'simple-regular-3', model: 'simple-regular', file: 'bench/models/simple-regular.ts', constants: { N: 3 }, checkDeadlock: true, quick: true, expect: { distinct: 109, generated: 224, depth: 10 }, expectFrom: 'SimpleRegular3.cfg: 109 distinct, 224 generated, depth 10' },
  { name: 'tlc-simple-regular-3', engine: 'tlc', model: 'simple-regular', file: 'bench/tla/SimpleRegular.tla', cfg: 'bench/tla/SimpleRegular3.cfg', constants: {}, checkDeadlock: true, quick: true, referenceFor: ['simple-regular-3'], expect: { distinct: 109, generated: 224, depth: 10 } },
  { name: 'simple-regular-8', model: 'simple-regular', file: 'bench/models/simple-regular.ts', constants: { N: 8 }, checkDeadlock: true, quick: false, expect: { distinct: 277726, generated: 1454776, depth: 25 }, expectFrom: 'SimpleRegular.cfg (as in the TLA+ Examples): 277,726 distinct, 1,454,776 generated, depth 25' },
  { name: 'tlc-simple-regular-8', engine: 'tlc', model: 'simple-regular', file: 'bench/tla/SimpleRegular.tla', cfg: 'bench/tla/SimpleRegular.cfg', constants: {}, checkDeadlock: true, quick: false, referenceFor: ['simple-regular-8'], expect: { distinct: 277726, generated: 1454776, depth: 25 } },
];

/** The issue's goals, each a ratio measured in one run. */
interface Goal {
  goal: string;
  /** The ratio: `over` / `under` of `figure`. */
  over: string;
  under: string;
  figure: 'processCpuMs' | 'ms';
  atLeast?: number;
  atMost?: number;
  /** Which side is ours, for a goal against a reference tool (see --profile). */
  ours?: 'over' | 'under';
}
const goals: Goal[] = [
  ...['twophase-8', 'migration-8p-3mce', 'lamport-mutex-3'].map((w): Goal => ({ goal: `TLC ÷ migcheck (CPU), ${w}`, over: `tlc-${w}`, under: w, figure: 'processCpuMs', atLeast: 4, ours: 'under' })),
  { goal: 'migcheck ÷ SPIN (CPU), twophase-8', over: 'twophase-8', under: 'spin-twophase-8', figure: 'processCpuMs', atMost: 4, ours: 'over' },
  ...workloads.filter((w) => w.speedupOf).map((w): Goal => ({ goal: `2 workers ÷ 1 speed-up (wall), ${w.speedupOf}`, over: w.speedupOf!, under: w.name, figure: 'ms', atLeast: 1.6 })),
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
const profile = args.includes('--profile');

interface Measured {
  status: string;
  distinct: number;
  generated: number;
  depth: number;
  ms: number;
  cpuMs: number;
  /** The whole process's CPU time (for ours: Node's start and the model's loading included). */
  processCpuMs?: number;
  peakRss: number;
  tableBytes?: number;
}
type Outcome = Measured | { error: string };

// Each checkout compiled once, as the CLI is (see bench/compile.ts).
const compiled = new Map<string, Promise<string>>();

const GNU_TIME = '/usr/bin/time';

/**
 * Run `cmd` in `cwd` under GNU time: its output, exit status, wall time, CPU time (user +
 * system of the process and all its threads and children) and peak RSS.
 */
function timed(cmd: string, cmdArgs: string[], cwd: string): { stdout: string; stderr: string; status: number | null; error?: string; ms: number; cpuMs: number; peakRss: number } {
  const out = join(mkdtempSync(join(tmpdir(), 'migcheck-bench-')), 'time');
  try {
    const p = spawnSync(GNU_TIME, ['-f', '%e %U %S %M', '-o', out, cmd, ...cmdArgs], { cwd, encoding: 'utf8', maxBuffer: 1 << 24 });
    if (p.error) return { stdout: '', stderr: '', status: null, error: `${GNU_TIME}: ${p.error.message}`, ms: 0, cpuMs: 0, peakRss: 0 };
    const last = existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n').pop()! : '';
    const [wall, user, sys, maxKb] = last.split(' ').map(Number);
    // GNU time exits 127 when it cannot run the command.
    const error = p.status === 127 ? `${cmd}: ${p.stderr.trim().split('\n').pop()}` : undefined;
    return { stdout: p.stdout, stderr: p.stderr, status: p.status, error, ms: wall * 1000, cpuMs: (user + sys) * 1000, peakRss: maxKb * 1024 };
  } finally {
    rmSync(dirname(out), { recursive: true, force: true });
  }
}
const haveGnuTime = existsSync(GNU_TIME);

/**
 * SPIN on `w`'s Promela model: generate and compile the verifier once, then time one run.
 * Its counts are pan's own: states stored and transitions (TLC's distinct and generated,
 * when each action is one d_step) and depth reached. CPU time and peak RSS are GNU time's
 * where it is installed; else the wall time stands for the CPU time (pan runs on one thread)
 * and pan's memory report for the peak.
 */
function runSpin(w: Workload): Outcome {
  const n = Number(w.constants.rms);
  const dir = join(root, 'bench/.build', `spin-${n}`);
  const sh = (cmd: string, cmdArgs: string[]) => spawnSync(cmd, cmdArgs, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 22 });
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
  // A hash table of 2^21 slots (~ the state count); SPIN's default, 2^24, takes 247 MB for TwoPhase 8 at the same speed.
  const panArgs = ['-m100000', '-w21'];
  let stdout: string, status: number | null, ms: number, cpuMs: number | undefined, peakRss: number | undefined;
  if (haveGnuTime) {
    const t = timed('./pan', panArgs, dir);
    if (t.error) return { error: t.error };
    ({ stdout, status, ms, cpuMs, peakRss } = t);
  } else {
    const t0 = process.hrtime.bigint();
    const run = sh('./pan', panArgs);
    ms = Number(process.hrtime.bigint() - t0) / 1e6;
    ({ stdout, status } = run);
  }
  const num = (re: RegExp) => Number(re.exec(stdout)?.[1]);
  const distinct = num(/(\d+) states, stored/), generated = num(/(\d+) transitions/), depth = num(/depth reached (\d+)/);
  if (status !== 0 || !/errors: 0/.test(stdout) || !Number.isFinite(distinct)) return { error: `pan failed: ${stdout.trim().split('\n').slice(-3).join(' ')}` };
  return { status: 'ok', distinct, generated, depth, ms, cpuMs: cpuMs ?? ms, processCpuMs: cpuMs ?? ms, peakRss: peakRss ?? num(/([\d.]+)\s+total actual memory usage/) * 2 ** 20 };
}

const tlcJar = process.env.TLC_JAR;
/** Why the TLC rows cannot run here, or undefined if they can. */
const tlcMissing = !tlcJar
  ? 'TLC_JAR is not set'
  : !existsSync(tlcJar)
    ? `TLC_JAR=${tlcJar} does not exist`
    : !haveGnuTime
      ? `${GNU_TIME} is missing (apt-get install time), which measures the JVM's CPU time`
      : undefined;

/**
 * TLC on `w`'s TLA+ module and cfg, copied into a temporary directory (with its -metadir, so
 * that no states/ folder lands in the repository), with one worker. Its counts are its last
 * lines': "N states generated, M distinct states found, 0 states left on queue." and "The
 * depth of the complete state graph search is D."; times and peak RSS are GNU time's, the
 * JVM's start and the parsing of the spec included.
 */
function runTlc(w: Workload): Outcome {
  const dir = mkdtempSync(join(tmpdir(), 'migcheck-tlc-'));
  try {
    copyFileSync(join(root, w.file), join(dir, basename(w.file)));
    copyFileSync(join(root, w.cfg!), join(dir, basename(w.cfg!)));
    const tlcArgs = [...TLC_JVM_FLAGS, '-cp', tlcJar!, 'tlc2.TLC', '-workers', '1', ...(w.checkDeadlock ? [] : ['-deadlock']), '-metadir', join(dir, 'states'), '-config', basename(w.cfg!), basename(w.file)];
    const t = timed('java', tlcArgs, dir);
    if (t.error) return { error: t.error };
    const m = /([\d,]+) states generated, ([\d,]+) distinct states found, ([\d,]+) states left on queue/.exec(t.stdout);
    const depth = /The depth of the complete state graph search is (\d+)/.exec(t.stdout);
    const n = (x: string) => Number(x.replaceAll(',', ''));
    if (t.status !== 0 || !m || !depth || n(m[3]) !== 0) {
      const why = t.stdout.split('\n').find((l) => /^Error|rror:/.test(l)) ?? t.stdout.trim().split('\n').slice(-2).join(' ');
      return { error: `TLC exited ${t.status}: ${why}` };
    }
    return { status: 'ok', distinct: n(m[2]), generated: n(m[1]), depth: Number(depth[1]), ms: t.ms, cpuMs: t.cpuMs, processCpuMs: t.cpuMs, peakRss: t.peakRss };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runOne(checkout: string, w: Workload, nodeFlags: string[]): Promise<Outcome> {
  if (w.engine === 'spin') return runSpin(w);
  if (w.engine === 'tlc') return runTlc(w);
  if (!existsSync(join(checkout, w.file))) return { error: `its model ${w.file} does not exist in ${checkout}` };
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
function combine(runs: Outcome[]): Outcome {
  const bad = runs.find((r) => 'error' in r);
  if (bad) return bad;
  const ok = runs as Measured[];
  if (ok.some((r) => r.distinct !== ok[0].distinct || r.generated !== ok[0].generated)) return { error: 'counts differ between repeated runs' };
  const processCpuMs = ok.every((r) => r.processCpuMs !== undefined) ? median(ok.map((r) => r.processCpuMs!)) : undefined;
  return { ...ok[0], ms: median(ok.map((r) => r.ms)), cpuMs: median(ok.map((r) => r.cpuMs)), processCpuMs, peakRss: median(ok.map((r) => r.peakRss)) };
}

/** Run `w` `repeat` times in this checkout and, if asked, in the other one, in turn. */
async function measure(w: Workload): Promise<{ m: Outcome; base?: Outcome }> {
  const mine: Outcome[] = [];
  const theirs: Outcome[] = [];
  // A reference tool's run does not depend on the checkout: nothing to compare.
  const compare = against !== undefined && w.engine === undefined;
  for (let r = 0; r < repeat; r++) {
    // Alternate which goes first, so that a drift in machine speed affects both alike.
    if (compare && r % 2 === 1) theirs.push(await runOne(resolve(against), w, againstFlags));
    mine.push(await runOne(root, w, flags));
    if (compare && r % 2 === 0) theirs.push(await runOne(resolve(against), w, againstFlags));
  }
  return { m: combine(mine), base: compare ? combine(theirs) : undefined };
}

const loadBefore = loadavg()[0];
const selected = workloads.filter((w) => (!only || only.split(',').some((o) => w.name.includes(o))) && (!quick || w.quick));
type Entry = { name: string; [k: string]: unknown } & Partial<Measured>;
const results: Entry[] = [];
const byName = (name: string) => results.find((r) => r.name === name && r.distinct !== undefined) as (Entry & Measured) | undefined;
let mismatch = false;
const mb = (b: number) => (b / 2 ** 20).toFixed(0);
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en-US');
const skippedTlc: string[] = [];

for (const w of selected) {
  if (w.engine === 'tlc' && tlcMissing) {
    skippedTlc.push(w.name);
    results.push({ name: w.name, skipped: tlcMissing });
    continue;
  }
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
  const entry: Entry = { name: w.name, ...m, generatedPerSec: m.generated / (m.ms / 1000), distinctPerSec: m.distinct / (m.ms / 1000), bytesPerDistinct: m.peakRss / m.distinct };
  if (w.engine === 'tlc') entry.command = tlcCommand(w);
  if (w.expectFrom) entry.expectFrom = `TLC 2.18, ${w.expectFrom}`;
  if (base) {
    if ('error' in base) {
      entry.against = { error: base.error };
      console.error(`${w.name}: skipped in ${against} (${base.error})`);
    } else {
      // Ratios are baseline / this: > 1 means this checkout is faster or smaller.
      entry.against = { ...base, speedup: base.ms / m.ms, cpuSpeedup: base.cpuMs / m.cpuMs, memoryRatio: base.peakRss / m.peakRss };
      if (base.distinct !== m.distinct || base.generated !== m.generated) console.error(`${w.name}: counts differ from ${against}`);
    }
  }
  // A reference tool must find our state space: the same distinct and generated counts.
  for (const name of w.referenceFor ?? []) {
    const ours = byName(name);
    if (ours && (ours.distinct !== m.distinct || ours.generated !== m.generated)) {
      mismatch = true;
      console.error(`${w.name}: counts ${m.distinct}/${m.generated} differ from ${name}'s ${ours.distinct}/${ours.generated}`);
    }
  }
  if (profile && w.engine === undefined && (w.workers ?? 1) === 1) {
    const dir = mkdtempSync(join(tmpdir(), 'migcheck-profile-'));
    try {
      const p = await runOne(root, w, [...flags, '--cpu-prof', `--cpu-prof-dir=${dir}`]);
      if ('error' in p) console.error(`${w.name}: not profiled (${p.error})`);
      else entry.shares = sharesOf(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  results.push(entry);
  console.error(`${w.name}: done`);
}
if (skippedTlc.length) console.error(`TLC rows skipped (${tlcMissing}; run TLC_JAR=/path/to/tla2tools.jar npm run bench): ${skippedTlc.join(', ')}`);

// The ratios next to our rows: TLC's CPU time over ours, ours over SPIN's (each the whole
// process's), one worker's wall time over two workers'.
const ratio = (over: string, under: string, figure: 'processCpuMs' | 'ms') => {
  const a = byName(over), b = byName(under);
  return a && b ? (a[figure] ?? a.cpuMs) / (b[figure] ?? b.cpuMs) : undefined;
};
for (const w of selected) {
  const e = byName(w.name);
  if (!e) continue;
  if (w.engine === 'tlc') for (const name of w.referenceFor ?? []) if (byName(name)) byName(name)!.tlcOverOurs = ratio(w.name, name, 'processCpuMs');
  if (w.engine === 'spin') for (const name of w.referenceFor ?? []) if (byName(name)) byName(name)!.oursOverSpin = ratio(name, w.name, 'processCpuMs');
  if (w.speedupOf) e.speedupOverOneWorker = ratio(w.speedupOf, w.name, 'ms');
}

const percent = (e: Entry, part: keyof Shares) => (e.shares ? 100 * (e.shares as Shares)[part] : undefined);
const head = ['workload', 'distinct', 'generated', 'depth', 'time s', 'cpu s', 'proc cpu s', 'gen/s', 'distinct/s', 'peak MB', 'B/distinct'];
const extra: [string, (e: Entry) => number | undefined][] = [
  ['TLC÷us cpu', (e) => e.tlcOverOurs as number | undefined],
  ['us÷SPIN cpu', (e) => e.oursOverSpin as number | undefined],
  ['w2 speed-up', (e) => e.speedupOverOneWorker as number | undefined],
  ['model %', (e) => percent(e, 'model')],
  ['gc %', (e) => percent(e, 'gc')],
];
const shown = extra.filter(([, f]) => results.some((e) => f(e) !== undefined));
head.push(...shown.map(([h]) => h));
if (against) head.push('speedup', 'cpu speedup', 'mem ratio');
const rows: string[][] = [];
for (const e of results) {
  if (e.distinct === undefined) continue;
  const m = e as Entry & Measured;
  const row = [
    m.name,
    m.distinct.toLocaleString('en-US'),
    m.generated.toLocaleString('en-US'),
    String(m.depth),
    (m.ms / 1000).toFixed(2),
    (m.cpuMs / 1000).toFixed(2),
    ((m.processCpuMs ?? m.cpuMs) / 1000).toFixed(2),
    rate(m.generated, m.ms),
    rate(m.distinct, m.ms),
    mb(m.peakRss),
    (m.peakRss / m.distinct).toFixed(0),
    ...shown.map(([, f]) => f(m)?.toFixed(2) ?? ''),
  ];
  if (against) {
    const a = m.against as { speedup?: number; cpuSpeedup?: number; memoryRatio?: number } | undefined;
    row.push(...(a?.speedup !== undefined ? [a.speedup.toFixed(2), a.cpuSpeedup!.toFixed(2), a.memoryRatio!.toFixed(2)] : ['-', '-', '-']));
  }
  rows.push(row);
}
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
if (repeat > 1) console.log(`(medians of ${repeat} runs each)`);
if (against) console.log(`(ratios: ${against} ${againstFlags.join(' ')} / this checkout ${flags.join(' ')}, measured in the same run)`);
console.log("(cpu s: user + system time of the search (ours) or of the whole process (TLC, SPIN: one worker, the JVM's start and TLC's parsing included); proc cpu s: the whole process's, ours with Node's start and the model's loading. TLC÷us and us÷SPIN divide proc cpu s; w2 speed-up: wall time on one worker ÷ on two.)");
const [load1] = loadavg();
console.log(`(load average ${loadBefore.toFixed(1)} when the run began, ${load1.toFixed(1)} at its end, on ${cpus().length} cores${Math.max(loadBefore, load1) > cpus().length / 2 ? ': other processes shared the cores, so wall times and two-worker speed-ups are unreliable; CPU times much less so' : ''})`);
for (const w of selected.filter((x) => x.reductionOf)) {
  const reduced = byName(w.name);
  const full = byName(w.reductionOf!);
  if (!reduced || !full) continue;
  const factor = full.distinct / reduced.distinct;
  reduced.reduction = factor;
  console.log(`${w.name}: symmetry keeps ${reduced.distinct.toLocaleString('en-US')} of ${w.reductionOf}'s ${full.distinct.toLocaleString('en-US')} states (${factor.toFixed(0)}x fewer)`);
}
for (const w of selected.filter((x) => x.engine === 'spin')) {
  for (const name of w.referenceFor!) {
    const r = ratio(name, w.name, 'ms');
    if (r === undefined) continue;
    byName(name)!.timeOverReference = r;
    console.log(`${name}: ${r.toFixed(2)}x the wall time of ${w.name}, ${ratio(name, w.name, 'processCpuMs')!.toFixed(2)}x its CPU time, measured in this run`);
  }
}

// The issue's goals, as measured in this run.
const goalResults = goals
  .filter((g) => selected.some((w) => w.name === g.over) && selected.some((w) => w.name === g.under))
  .map((g) => {
    const r = ratio(g.over, g.under, g.figure);
    const target = g.atLeast !== undefined ? `≥ ${g.atLeast}` : `≤ ${g.atMost}`;
    const met = r === undefined ? null : g.atLeast !== undefined ? r >= g.atLeast : r <= g.atMost!;
    // Were the engine and the collector free, our time would be the model's share of it.
    const shares = g.ours && (byName(g[g.ours])?.shares as Shares | undefined);
    const bound = r !== undefined && shares ? (g.ours === 'under' ? r / shares.model : r * shares.model) : undefined;
    const reachable = bound === undefined ? undefined : g.atLeast !== undefined ? bound >= g.atLeast : bound <= g.atMost!;
    return { goal: g.goal, target, ratio: r ?? null, met, bound: bound ?? null, reachable: reachable ?? null, missing: r === undefined ? [g.over, g.under].filter((n) => !byName(n)).join(', ') : undefined };
  });
if (goalResults.length) {
  console.log('\nGoals, measured in this run:');
  const gw = Math.max(...goalResults.map((g) => `${g.goal} ${g.target}`.length));
  for (const g of goalResults) {
    const verdict = g.met === null ? `not measured (no ${g.missing})` : `${g.ratio!.toFixed(2)}  ${g.met ? 'met' : 'NOT MET'}`;
    const bound = g.bound === null ? '' : `  (${g.bound.toFixed(2)} were the engine and the collector free: ${g.reachable ? 'within' : 'out of'} an engine's reach)`;
    console.log(`  ${`${g.goal} ${g.target}`.padEnd(gw)}  ${verdict}${bound}`);
  }
}
if (results.some((e) => e.shares)) {
  console.log("(model %, gc %: of the whole process's CPU time under V8's profiler, the samples in the model's own code — its functions and the Immutable.js work they do — and in the garbage collector; the rest is the engine's and Node's)");
}

const machine = { nproc: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverage: { before: loadBefore, after: loadavg()[0] } };
const reference = { tlc: tlcMissing ? null : { jvmFlags: TLC_JVM_FLAGS, workers: 1 } };
writeFileSync(
  join(root, 'bench/results.json'),
  JSON.stringify({ date: new Date().toISOString(), machine, against: against ?? null, flags, againstFlags, repeat, reference, results, goals: goalResults }, null, 2) + '\n',
);
process.exit(mismatch ? 1 : 0);
