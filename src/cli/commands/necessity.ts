// `migcheck necessity`: is the V4 re-query loop necessary? Checks every design of the migration
// model under every assumption set and prints the verdict tables and conclusions with their
// witnessing traces; `--sweep` does it at every scope of a grid and says whether the answer
// holds across them. `--jobs N` runs N checks at a time in worker threads, with the same output.
// Verdicts are findings: the exit code is 0 whenever the analysis ran (a signal's, when one
// stopped it: then the tables and reports hold the checks done so far).

import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import migration from '../../../model/migration/model.ts';
import { constantFromFlag } from '../../config/selection.ts';
import { traceToItf } from '../../report/itf.ts';
import { analyseScales, analysesOf, checkScales, CHECKS_PER_SCALE, type Analysis, type Assumptions, type AssumptionResult, type Counterexample, type Design, type DesignResult, type Scale } from '../../../model/migration/necessity/analysis.ts';
import { fromWire, toWire } from '../../../model/migration/necessity/jobs.ts';
import { renderHtml, renderSweepHtml } from '../../../model/migration/necessity/html.ts';
import { renderMarkdown, renderText, toJson } from '../../../model/migration/necessity/report.ts';
import { checkMsOf, parseGrid, renderSweepText, scopeName, scopesOf, statesOf, sweepJson, type Axis, type Sweep } from '../../../model/migration/necessity/sweep.ts';
import { configError, EXIT, stopExitCode, UserError } from '../../errors.ts';
import { inShard, parseShard, partialJson, partialNeedsShard, writePartial } from '../shard.ts';
import { checkReportPaths, writeReport } from '../../report/write-file.ts';
import { stopRequest } from '../stop.ts';
import { say, warn } from '../terminal.ts';

interface NecessityFlags extends OutputFlags {
  readonly pages?: string;
  readonly maxMce?: string;
  readonly batchSize?: string;
  readonly sweep?: string[];
  readonly jobs?: string;
  readonly census?: boolean;
  readonly shard?: string;
  readonly partial?: string;
}

/** Where the report goes: given to `necessity`, or to `merge` for a sharded run. */
export interface OutputFlags {
  readonly json?: boolean;
  readonly out?: string;
  readonly html?: string;
}

/** What a sharded necessity run is: every input its report depends on (shards must agree on it). */
export interface NecessityRun {
  readonly model: string;
  readonly census: boolean;
  /** The sweep's axes, and the constants fixed by their own flags; null without --sweep. */
  readonly sweep: { readonly axes: readonly Axis[]; readonly fixed: Scale } | null;
  readonly scopes: readonly Scale[];
}

export function register(program: Command): void {
  program
    .command('necessity')
    .description('decide whether the V4 re-query loop of Xen\'s last migration iteration is necessary, per assumption set')
    .option('--json', 'print the analysis as JSON')
    .option('--out <dir>', 'write report.md and every counterexample as ITF into this directory')
    .option('--html <file>', 'write the report as one self-contained HTML page (tables and every counterexample as a timeline)')
    .option('--pages <n>', 'number of guest pages (default 3)')
    .option('--max-mce <n>', 'most MCEs during the last iteration (default 2)')
    .option('--batch-size <n>', 'pages per batch, 0 = all in one batch (default 0)')
    .option('--sweep <terms...>', 'the analysis at every scope of a grid, e.g. pages=2..5 maxMce=1..3 batchSize=0,1,2, and whether its answer is the same in all')
    .option('--jobs <n>', `checks run at a time, each in a worker thread (default: the number of cores, ${availableParallelism()} here)`)
    .option('--census', 'classify every violation into the review\'s cases (the model keeps a history variable: more states)')
    .option('--shard <k/n>', 'run the k-th of n slices of the checks and print its partial result as JSON (combine them with migcheck merge)')
    .option('--partial <file>', 'with --shard: write the partial result to this file rather than stdout')
    .action(async (flags: NecessityFlags) => {
      // Text, parsed as --const text is, against the model's declarations (a bad value exits 151).
      const given = [['pages', '--pages', flags.pages], ['maxMce', '--max-mce', flags.maxMce], ['batchSize', '--batch-size', flags.batchSize]] as const;
      const scale = Object.fromEntries(given.flatMap(([name, flag, text]) => (text === undefined ? [] : [[name, constantFromFlag(migration, `${flag} ${text}`, name, text)]])));
      const axes = flags.sweep ? parseGrid(flags.sweep, scale) : [];
      const jobs = flags.jobs === undefined ? availableParallelism() : jobsFrom(flags.jobs);
      const run: NecessityRun = {
        model: migration.name,
        census: flags.census ?? false,
        sweep: flags.sweep ? { axes, fixed: scale } : null,
        scopes: flags.sweep ? scopesOf(axes).map((s) => ({ ...scale, ...s })) : [scale],
      };
      const checks = run.scopes.length * CHECKS_PER_SCALE;
      const shard = flags.shard === undefined ? undefined : parseShard(flags.shard, checks);
      partialNeedsShard(flags.partial, flags.shard);
      if (shard && (flags.json || flags.out || flags.html)) throw configError(`--shard ${flags.shard} prints its partial result as JSON on stdout; give --json, --out and --html to migcheck merge, which writes the report of the whole run.`);
      checkReportPaths([['--html', flags.html], ['--partial', flags.partial]], []);
      const stop = stopRequest();
      const progress = (d: Design, as: Assumptions, k: number, n: number) => warn(`Checking ${d.name} under readBroken=${as.readBroken}, mceMarksDirty=${as.mceMarksDirty} (${k} of ${n})\n`);
      if (shard) {
        warn(`Shard ${shard.index}/${shard.count}: checks ${[...Array(checks).keys()].filter((i) => inShard(shard, i)).length} of ${checks}, with ${jobs} job${jobs > 1 ? 's' : ''}\n`);
        const { results } = await checkScales(run.scopes, { signal: stop.signal, jobs, census: run.census, onCheck: progress }, (i) => inShard(shard, i));
        const mine = results.flatMap((r, check) => (inShard(shard, check) ? [{ check, result: r && toWire(r) }] : []));
        // A shard cut short has no complete slice to give: it writes nothing rather than a partial that a merge would have to trust.
        if (stop.signal.aborted || mine.some((m) => m.result === null)) throw new UserError(`Shard ${shard.index}/${shard.count} was interrupted before its checks were done; it wrote no partial result. Run it again.`, stopExitCode(stop.signal));
        await writePartial(flags.partial, partialJson('necessity', run, shard, checks, mine));
        return;
      }
      let analyses: Analysis[];
      if (!run.sweep) {
        // Progress on stderr: at larger scales each check takes a while.
        analyses = await analyseScales(run.scopes, { signal: stop.signal, jobs, census: run.census, onCheck: progress });
      } else {
        let finished = 0;
        const started = Date.now();
        const scopes = run.scopes;
        warn(`Sweeping ${scopes.length} scopes (${checks} checks) with ${jobs} job${jobs > 1 ? 's' : ''}\n`);
        analyses = await analyseScales(scopes, {
          signal: stop.signal,
          jobs,
          census: run.census,
          onAnalysis: (i, a) =>
            warn(`Scope ${++finished} of ${scopes.length} done: ${scopeName(scopes[i], axes)} (${statesOf(a).toLocaleString('en-US')} states, checks took ${(checkMsOf(a) / 1000).toFixed(1)} s; ${((Date.now() - started) / 1000).toFixed(1)} s so far)\n`),
        });
      }
      await reportNecessity(run, analyses, flags);
      process.exitCode = stop.exitCode(EXIT.ok);
    });
}

/** Print and write the report of a necessity run (its analysis, or its sweep's): the same for a run and for a merge of its shards. */
export async function reportNecessity(run: NecessityRun, analyses: readonly Analysis[], flags: OutputFlags): Promise<void> {
  checkReportPaths([['--html', flags.html]], []);
  if (!run.sweep) {
    const [analysis] = analyses;
    say(flags.json ? `${JSON.stringify(toJson(analysis), null, 2)}\n` : renderText(analysis));
    if (flags.out) await writeReportDir(flags.out, analysis);
    if (flags.html) await writeReport(flags.html, renderHtml(analysis));
    return;
  }
  const { axes, fixed } = run.sweep;
  const sweep: Sweep = { axes, fixed, scopes: run.scopes, analyses };
  say(flags.json ? `${JSON.stringify(sweepJson(sweep), null, 2)}\n` : renderSweepText(sweep));
  // One report directory per scope, named by its swept values.
  if (flags.out) for (const [i, a] of analyses.entries()) await writeReportDir(join(flags.out, scopeName(run.scopes[i], axes).replaceAll(' ', '-')), a);
  if (flags.html) await writeReport(flags.html, renderSweepHtml(sweep));
}

/** The report of a necessity run from its shards' results (see merge.ts). */
export async function mergeNecessity(run: NecessityRun, results: readonly (DesignResult | null)[], flags: OutputFlags): Promise<void> {
  await reportNecessity(run, analysesOf(run.scopes, results.map((r) => r && fromWire(r)), run.census), flags);
  process.exitCode = EXIT.ok;
}

function jobsFrom(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1) throw configError(`--jobs ${text}: expected a whole number of checks to run at a time, 1 or more (1 runs them in this thread).`);
  return n;
}

async function writeReportDir(dir: string, analysis: Analysis): Promise<void> {
  const fileOf = (cx: Counterexample, r: AssumptionResult) =>
    `traces/${r.assumptions.readBroken}-${r.assumptions.mceMarksDirty ? 'dirty' : 'nodirty'}-${cx.design.replace('/', '-')}-${cx.property}.itf.json`;
  for (const r of analysis.results) {
    for (const d of r.designs) {
      for (const cx of Object.values(d.verdicts)) {
        if (!cx) continue;
        const meta = { design: cx.design, property: cx.property, ...r.assumptions, case: cx.classification?.case ?? null };
        await writeReport(join(dir, fileOf(cx, r)), `${JSON.stringify(traceToItf(cx.trace, meta), null, 2)}\n`);
      }
    }
  }
  await writeReport(join(dir, 'report.md'), renderMarkdown(analysis, fileOf));
}
